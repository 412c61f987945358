"""Phone calls on the desk: ringing calls, call controls with a timer, transfer to a colleague."""
