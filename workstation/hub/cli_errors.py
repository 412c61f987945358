"""The error every ``workstation-hub`` command raises for the operator.

In its own module so that :mod:`workstation.hub.cli` run as ``python -m`` (where it is
``__main__``) and the command modules it imports raise and catch one and the same class.
"""


class CliError(Exception):
    """A sentence for the operator; the command exits with status 2."""
