"""The features this hub runs, in the order their hooks are called."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.hub.accounts import AccountsFeature
from workstation.hub.blocks import BlockFeature
from workstation.hub.consult import ConsultFeature
from workstation.hub.debriefs import DebriefFeature
from workstation.hub.desk.canned import CannedFeature
from workstation.hub.desk.capacity import CapacityFeature
from workstation.hub.desk.summaries import SummaryFeature
from workstation.hub.email.feature import EmailFeature
from workstation.hub.feature import Feature
from workstation.hub.limits import LimitsFeature
from workstation.hub.pauses import PauseFeature
from workstation.hub.practice import PracticeFeature
from workstation.hub.replays import ReplayFeature
from workstation.hub.reports import ReportFeature
from workstation.hub.retention import RetentionFeature
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.roster import RosterFeature
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.supervision import SupervisionFeature
from workstation.hub.telephony.conference import ConferenceFeature
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.softphone import SoftphoneFeature
from workstation.hub.time_limits import TimeLimitFeature
from workstation.hub.webchat.callback import CallbackFeature
from workstation.hub.webchat.typing import TypingFeature
from workstation.hub.webchat.wait import WaitFeature

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi


def build_features(hub: Hub, api: StaffApi) -> list[Feature]:
    return [
        LimitsFeature(hub, api),
        AccountsFeature(hub, api),
        SupervisionFeature(hub, api),
        RetentionFeature(hub, api),
        ReplayFeature(hub, api),
        PracticeFeature(hub, api),
        ConsultFeature(hub, api),
        RosterFeature(hub, api),
        TimeLimitFeature(hub, api),
        ReportFeature(hub, api),
        CapacityFeature(hub, api),
        CallsFeature(hub, api),
        SoftphoneFeature(hub, api),
        ConferenceFeature(hub, api),
        SmsFeature(hub, api),
        EmailFeature(hub, api),
        CannedFeature(hub, api),
        SummaryFeature(hub, api),
        TypingFeature(hub, api),
        WaitFeature(hub, api),
        CallbackFeature(hub, api),
        BlockFeature(hub, api),
        PauseFeature(hub, api),
        DebriefFeature(hub, api),
        ReturnFeature(hub, api),
    ]
