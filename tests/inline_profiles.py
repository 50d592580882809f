"""
Inline treaty profiles the tests share: treaties with no built-in profile
whose clauses exercise a rule no built-in one has.
"""

from __future__ import annotations


def icrw() -> dict[str, object]:
    return {
        "key": "icrw",
        "short": "ICRW",
        "title": "International Convention for the Regulation of Whaling",
        "depositary": "Government of the United States of America",
        "signature": {"instrument": "ICRW", "provision": "art X(1)"},
        "accession": {"instrument": "ICRW", "provision": "art X(4)"},
        "entry_into_force": {
            "citation": {"instrument": "ICRW", "provision": "art X(4)"},
            "rule": {"kind": "on_date"},
            "general_date": "1948-11-10",
        },
        "denunciation": {
            "citation": {
                "instrument": "ICRW",
                "provision": "art XI",
                "text": "Any Contracting Government may withdraw on 30 June of any year by giving notice on or before 1 January of the same year.",
            },
            "rule": {
                "kind": "fixed_date",
                "on": "06-30",
                "notice_by": "01-01",
            },
        },
    }


def iccpr_op1() -> dict[str, object]:
    return {
        "key": "iccpr-op1",
        "short": "ICCPR-OP1",
        "title": "Optional Protocol to the International Covenant on Civil and Political Rights",
        "depositary": "Secretary-General of the United Nations",
        "signature": {"instrument": "ICCPR-OP1", "provision": "art 8(1)"},
        "accession": {"instrument": "ICCPR-OP1", "provision": "art 8(4)"},
        "entry_into_force": {
            "citation": {
                "instrument": "ICCPR-OP1",
                "provision": "art 9(2)",
                "text": "For each State ratifying or acceding after the deposit of the tenth instrument, the Protocol enters into force three months after the deposit of its own instrument.",
            },
            "rule": {"kind": "same_day_after_months", "n": 3},
            "general_date": "1976-03-23",
        },
        "denunciation": {
            "citation": {
                "instrument": "ICCPR-OP1",
                "provision": "art 12(1)",
                "text": "Denunciation shall take effect three months after the date of receipt of the notification by the Secretary-General.",
            },
            "rule": {"kind": "same_day_after_months", "n": 3},
        },
    }
