"""Synthetic help-seekers: scenario scripts run through the /v1/contact client."""

from workstation.sim.contact import ContactResult, SimEvent, SimulatedContact
from workstation.sim.scenario import Scenario, ScenarioError, load_scenario, load_scenarios
from workstation.sim.simulator import Simulator, run_simulator
from workstation.sim.timing import Timing

__all__ = [
    "ContactResult",
    "Scenario",
    "ScenarioError",
    "SimEvent",
    "SimulatedContact",
    "Simulator",
    "Timing",
    "load_scenario",
    "load_scenarios",
    "run_simulator",
]
