"""Writes of the communication area. Each service checks access itself (a view is never the only
gate), runs in one transaction and sends its signal after the commit."""
