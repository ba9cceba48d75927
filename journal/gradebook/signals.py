"""Signals of the class journal, sent by the services inside their transaction when a student's
record changes in a way the student and the parents are told about (notifications listen).

    journal_written(sender=<model class>, event=<"grade" | "absence" | "lateness" | "homework" |
                    "period_grade" | "comment">, instance=<the row>)

A receiver must stay cheap (it runs inside the save): the notifications area only enqueues
after commit."""

from django.dispatch import Signal

journal_written = Signal()


def written(event, instance):
    if journal_written.receivers:
        journal_written.send(sender=type(instance), event=event, instance=instance)
