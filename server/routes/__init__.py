"""One router per resource: health, enrolment, push, pull, reconciliation."""
