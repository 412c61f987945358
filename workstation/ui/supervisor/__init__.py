"""The supervisor's window: live queue, staff, alerts, shift figures and time limits.

Open it with :func:`workstation.ui.supervisor.window.open_supervisor` for a connected
:class:`~workstation.client.StaffClient` whose user has the ``supervisor`` role.
"""
