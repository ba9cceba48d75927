# Models of the class journal (issue 4) go here.
