import json
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from workstation.sessions.referrals import (
    DATA_FILE,
    OSLO,
    Day,
    HoursBlock,
    Interval,
    Service,
    by_id,
    filter_services,
    hours_text,
    is_open,
    load_directory,
    next_opening,
    open_now,
    referral_text,
    services,
    topic_label,
)

WEEKDAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri")


def office(**overrides: object) -> Service:
    """A test service open Monday to Friday 09-16 by phone, closed on holidays."""
    fields: dict[str, object] = {
        "id": "office",
        "name": "Kontortelefonen",
        "organisation": "Testetaten",
        "audience": "Alle",
        "age_min": None,
        "age_max": None,
        "topics": ("general",),
        "channels": ("phone", "chat"),
        "description": "Der svarer vi på det meste.",
        "hours_as_of": "2021",
        "hours": (
            HoursBlock(channels=("phone",), intervals=(Interval(WEEKDAYS, "09:00", "16:00"),)),
        ),
    }
    fields.update(overrides)
    return msgspec.convert(fields, Service, from_attributes=True)


def evening() -> Service:
    """A chat open every day 18:00-02:00 (past midnight)."""
    days: tuple[Day, ...] = (*WEEKDAYS, "sat", "sun")
    block = HoursBlock(channels=("chat",), intervals=(Interval(days, "18:00", "02:00"),))
    return office(id="evening", hours=(block,))


def oslo(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


# --- the shipped data -----------------------------------------------------------------------


def test_directory_loads_and_covers_table_2_1() -> None:
    all_services = services()
    assert len(all_services) >= 30
    ids = {s.id for s in all_services}
    for expected in (
        "alarmtelefonen", "ung-no", "kors-paa-halsen", "hjelpetelefonen-seksuelt-misbrukte",
        "rode-kors-telefonen", "barsnakk", "snakkommobbing", "snakkompsyken", "mental-helse",
        "kirkens-sos", "mental-helse-ungdom", "rusinfo", "sex-og-samfunn", "unge-parorende",
        "ungdomstelefonen", "jentevakta", "ros", "tegnchat", "vold-og-overgrepslinjen",
    ):
        assert expected in ids
    for service in all_services:
        # the report's services as of 2021; the emergency numbers added for calls, 2024
        assert service.hours_as_of == ("2024" if service.id in EMERGENCY else "2021")
        assert service.description and "\n" not in service.description
        assert service.channels


#: Services a counsellor may bring into a call (issue 15) that the report does not list.
EMERGENCY = {"politi-112": "112", "politi-02800": "02800", "legevakt": "116 117", "amk-113": "113"}


def test_the_emergency_numbers_are_there_for_calls_around_the_clock() -> None:
    for service_id, phone in EMERGENCY.items():
        service = by_id(service_id)
        assert service is not None and service.phone == phone
        assert service.channels == ("phone",)
        assert is_open(service, oslo(2025, 12, 24, 3, 0))  # Christmas Eve, 03:00


def test_tegnchat_is_sign_language_video_with_summer_break() -> None:
    tegnchat = by_id("tegnchat")
    assert tegnchat is not None
    assert tegnchat.channels == ("video",)
    assert "nsl" in tegnchat.languages
    assert tegnchat.age_min == 6 and tegnchat.age_max == 16
    assert set(range(25, 35)) <= set(tegnchat.closed_weeks)
    # Tuesday 14:45 in week 10 is open, the same time in week 30 is not.
    assert is_open(tegnchat, oslo(2025, 3, 4, 14, 45))
    assert not is_open(tegnchat, oslo(2025, 7, 22, 14, 45))
    assert next_opening(tegnchat, oslo(2025, 7, 22, 14, 45)) == oslo(2025, 8, 26, 14, 30)
    assert "tegnspråk" in referral_text(tegnchat)


def test_phone_numbers_from_the_report() -> None:
    assert by_id("alarmtelefonen").phone == "116 111"  # type: ignore[union-attr]
    assert by_id("mental-helse").phone == "116 123"  # type: ignore[union-attr]
    assert by_id("vold-og-overgrepslinjen").phone == "116 006"  # type: ignore[union-attr]


def test_topic_labels() -> None:
    assert topic_label("bullying") == "mobbing"
    with pytest.raises(KeyError):
        topic_label("nope")


# --- opening hours --------------------------------------------------------------------------


def test_office_hours_open_tuesday_noon_closed_sunday_and_17_may() -> None:
    service = office()
    assert is_open(service, oslo(2025, 3, 4, 12, 0))  # Tuesday
    assert not is_open(service, oslo(2025, 3, 9, 12, 0))  # Sunday
    assert not is_open(service, oslo(2027, 5, 17, 12, 0))  # Monday 17 May
    assert not is_open(service, oslo(2025, 5, 29, 12, 0))  # Ascension Day
    assert not is_open(service, oslo(2025, 3, 4, 16, 0))  # closing time is exclusive
    assert is_open(service, oslo(2025, 3, 4, 9, 0))


def test_open_on_holidays_flag() -> None:
    service = office(open_on_holidays=True)
    assert is_open(service, oslo(2027, 5, 17, 12, 0))


def test_times_are_read_in_oslo_whatever_the_input_zone() -> None:
    service = office()
    # Tuesday 12:00 in Oslo is 11:00 UTC in winter and 10:00 UTC in summer.
    assert is_open(service, datetime(2025, 3, 4, 11, 0, tzinfo=UTC))
    assert is_open(service, datetime(2025, 6, 3, 10, 0, tzinfo=UTC))
    # 15:30 UTC on a summer Tuesday is 17:30 in Oslo: closed.
    assert not is_open(service, datetime(2025, 6, 3, 14, 30, tzinfo=UTC))
    assert is_open(service, datetime(2025, 6, 3, 13, 30, tzinfo=UTC))  # 15:30 in Oslo


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        is_open(office(), datetime(2025, 3, 4, 12, 0))


def test_dst_spring_forward_past_midnight() -> None:
    service = evening()
    # Night to Sunday 30 March 2025: clocks jump from 02:00 CET to 03:00 CEST.
    assert is_open(service, datetime(2025, 3, 30, 0, 30, tzinfo=UTC))  # 01:30 CET
    assert not is_open(service, datetime(2025, 3, 30, 1, 0, tzinfo=UTC))  # 03:00 CEST
    assert not is_open(service, oslo(2025, 3, 30, 12, 0))
    assert next_opening(service, oslo(2025, 3, 30, 12, 0)) == oslo(2025, 3, 30, 18, 0)


def test_dst_fall_back_past_midnight() -> None:
    service = evening()
    # Night to Sunday 26 October 2025: 03:00 CEST becomes 02:00 CET.
    assert is_open(service, datetime(2025, 10, 25, 23, 59, tzinfo=UTC))  # 01:59 CEST
    assert not is_open(service, datetime(2025, 10, 26, 0, 30, tzinfo=UTC))  # 02:30 CEST
    assert not is_open(service, datetime(2025, 10, 26, 1, 30, tzinfo=UTC))  # 02:30 CET


def test_interval_past_midnight_belongs_to_its_opening_day() -> None:
    service = evening()
    assert is_open(service, oslo(2025, 3, 4, 23, 0))
    assert is_open(service, oslo(2025, 3, 5, 1, 59))
    assert not is_open(service, oslo(2025, 3, 5, 2, 0))
    # Opening on 16 May 2025 (Friday) runs into 17 May; no opening starts on 17 May.
    assert is_open(service, oslo(2025, 5, 17, 1, 0))
    assert not is_open(service, oslo(2025, 5, 17, 20, 0))
    assert is_open(service, oslo(2025, 5, 18, 20, 0))


def test_always_blocks_are_open_on_holidays() -> None:
    alarm = by_id("alarmtelefonen")
    assert alarm is not None and alarm.is_24_7
    christmas = oslo(2025, 12, 25, 3, 0)
    assert is_open(alarm, christmas)
    assert next_opening(alarm, christmas) == christmas
    mental_helse = by_id("mental-helse")
    assert mental_helse is not None
    assert is_open(mental_helse, christmas, channel="phone")
    assert not is_open(mental_helse, oslo(2025, 12, 25, 20, 0), channel="chat")


def test_next_opening() -> None:
    service = office()
    friday_evening = oslo(2025, 3, 7, 17, 0)
    assert next_opening(service, friday_evening) == oslo(2025, 3, 10, 9, 0)
    # Sunday 16 May 2027; Monday is both 17 May and Whit Monday.
    assert next_opening(service, oslo(2027, 5, 16, 10, 0)) == oslo(2027, 5, 18, 9, 0)
    # Before Easter 2027: Maundy Thursday to Easter Monday are all closed.
    assert next_opening(service, oslo(2027, 3, 24, 16, 30)) == oslo(2027, 3, 30, 9, 0)
    # Already open: the same moment comes back.
    tuesday = oslo(2025, 3, 4, 12, 0)
    assert next_opening(service, tuesday) == tuesday
    # Early morning: later the same day, and the result is in Oslo time.
    result = next_opening(service, datetime(2025, 3, 4, 5, 0, tzinfo=UTC))
    assert result == oslo(2025, 3, 4, 9, 0) and result.tzinfo is OSLO
    assert next_opening(service, tuesday, channel="chat") is None
    assert next_opening(office(hours=()), tuesday) is None


def test_channel_specific_hours() -> None:
    kors = by_id("kors-paa-halsen")
    assert kors is not None
    saturday = oslo(2025, 3, 8, 15, 0)
    assert is_open(kors, saturday, channel="chat")
    assert not is_open(kors, saturday, channel="phone")
    assert is_open(kors, saturday)


# --- filtering ------------------------------------------------------------------------------


def test_filter_by_topic_and_age() -> None:
    hits = filter_services("bullying", age=14)
    ids = [s.id for s in hits]
    assert ids.index("snakkommobbing") < ids.index("kors-paa-halsen")  # specific first
    assert "kors-paa-halsen" in ids  # a general service
    assert "mental-helse-ungdom" not in ids  # 18-35
    specific_only = filter_services("bullying", age=14, include_general=False)
    assert all("bullying" in s.topics for s in specific_only)
    adult = [s.id for s in filter_services(age=40)]
    assert "kors-paa-halsen" not in adult and "vold-og-overgrepslinjen" in adult
    assert "vold-og-overgrepslinjen" not in [s.id for s in filter_services(age=15)]
    assert [s.id for s in filter_services(channel="video", include_general=False)] == [
        s.id for s in services() if "video" in s.channels
    ]
    with pytest.raises(KeyError):
        filter_services("not-a-topic")


def test_open_now() -> None:
    tuesday_noon = oslo(2025, 3, 4, 12, 0)
    ids = {s.id for s in open_now(tuesday_noon)}
    assert {"alarmtelefonen", "rusinfo", "kirkens-sos"} <= ids
    assert "kors-paa-halsen" not in ids  # opens at 14
    assert "ung-no" not in ids  # no live channel
    assert "jentevakta" not in ids  # days unknown
    late = {s.id for s in open_now(oslo(2025, 3, 4, 23, 30), age=15)}
    assert "alarmtelefonen" in late and "mental-helse-ungdom" not in late
    assert open_now(tuesday_noon, pool=[office(), evening()]) == [office()]


# --- texts ----------------------------------------------------------------------------------


def test_hours_text() -> None:
    assert hours_text(office()) == (
        "Telefon: mandag–fredag kl. 09–16. Det kan være stengt på helligdager."
    )
    assert hours_text(by_id("snakkompsyken")).startswith(  # type: ignore[arg-type]
        "Chat: søndag–fredag kl. 15–21."
    )
    assert hours_text(by_id("alarmtelefonen")) == (  # type: ignore[arg-type]
        "Telefon, chat og sms: døgnåpent."
    )
    sex = hours_text(by_id("sex-og-samfunn"))  # type: ignore[arg-type]
    assert "mandag–onsdag kl. 09–11 og 12.30–14.30" in sex
    assert "kl. 10.30–18" in sex


def test_referral_text_is_warm_and_complete() -> None:
    mental = by_id("mental-helse")
    assert mental is not None
    text = referral_text(mental, at=oslo(2025, 3, 4, 12, 0))
    assert text.startswith("Jeg vil gjerne tipse deg om Mental Helses hjelpetelefon")
    assert "116 123" in text and "sidetmedord.no" in text
    assert "Telefon: døgnåpent" in text
    assert "De er åpne akkurat nå." in text
    assert "velkommen" in text
    kors = by_id("kors-paa-halsen")
    assert kors is not None
    later = referral_text(kors, at=oslo(2025, 3, 4, 12, 0))
    assert "åpner igjen i dag kl. 14.00" in later
    assert "Røde Kors" in later
    weekend = referral_text(office(), at=oslo(2025, 3, 8, 12, 0))
    assert "åpner igjen på mandag 10.3. kl. 09.00" in weekend
    assert "akkurat nå" not in referral_text(kors)


def test_referral_text_only_in_bokmaal() -> None:
    with pytest.raises(ValueError):
        referral_text(office(), lang="en")


def test_every_shipped_service_renders() -> None:
    at = oslo(2025, 12, 24, 20, 0)
    for service in services():
        text = referral_text(service, at=at)
        assert service.name in text
        assert "None" not in text


# --- validation of the data file ------------------------------------------------------------


def _write(tmp_path: Path, mutate: object) -> Path:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert callable(mutate)
    mutate(data)
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_loader_rejects_bad_data(tmp_path: Path) -> None:
    def unknown_topic(data: dict) -> None:  # type: ignore[type-arg]
        data["services"][0]["topics"] = ["unheard-of"]

    def bad_time(data: dict) -> None:  # type: ignore[type-arg]
        data["services"][3]["hours"][0]["intervals"][0]["open"] = "9:00"

    def email_hours(data: dict) -> None:  # type: ignore[type-arg]
        data["services"][0]["hours"][0]["channels"] = ["email"]

    def duplicate(data: dict) -> None:  # type: ignore[type-arg]
        data["services"].append(data["services"][0])

    for mutate in (unknown_topic, bad_time, email_hours, duplicate):
        with pytest.raises(msgspec.ValidationError):
            load_directory(_write(tmp_path, mutate))


def test_loader_accepts_the_shipped_file() -> None:
    directory = load_directory()
    assert directory.hours_as_of == "2021"
    assert directory.timezone == "Europe/Oslo"
    assert "Proba" in directory.source


def test_midnight_as_closing_time() -> None:
    block = HoursBlock(channels=("chat",), intervals=(Interval(("fri",), "20:00", "24:00"),))
    service = office(hours=(block,))
    assert is_open(service, oslo(2025, 3, 7, 23, 59))
    assert not is_open(service, oslo(2025, 3, 8, 0, 0))
    assert hours_text(service).startswith("Chat: fredag kl. 20–24.")
    with pytest.raises(ValueError):
        Interval(("fri",), "24:00", "02:00")
