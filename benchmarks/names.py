"""Synthetic people, institutions, outlets and journals, composed from small built-in name parts.

Nothing here names a real person: given and family names are drawn independently, so every combination is
made up, while the shapes (a professor at a department of a hospital in a city) are those documents use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["Person", "Institution", "make_person", "make_institution", "make_outlet", "make_journal", "CITIES"]

GIVEN = (
    "Anna", "Bo", "Carlos", "Chen", "Dmitri", "Elena", "Fatima", "Hannah", "Haruto", "Ines", "Jun", "Kavya",
    "Lars", "Li", "Lucia", "Marco", "Mei", "Nadia", "Olu", "Pablo", "Priya", "Rafael", "Sara", "Tomas", "Wen",
    "Xin", "Yara", "Yusuf", "Zhen", "Amir", "Beatriz", "Daniel", "Eun-ji", "Felix", "Grace", "Ilse", "Jonas",
    "Kenji", "Leila", "Mateo", "Noor", "Oskar", "Qing", "Ruth", "Sven", "Tariq", "Umar", "Vera", "Xiao",
)
FAMILY = (
    "Abbott", "Andersen", "Bauer", "Castillo", "Chang", "Dahl", "Duarte", "Eriksen", "Fischer", "Gao", "Haddad",
    "Hoffmann", "Ito", "Jansen", "Kaur", "Keller", "Kowalski", "Larsen", "Lindqvist", "Lopes", "Moreau", "Nakamura",
    "Novak", "Okafor", "Olsen", "Park", "Petrov", "Quinn", "Rossi", "Sato", "Schmidt", "Silva", "Tanaka", "Tran",
    "Ueda", "Varga", "Weber", "Xu", "Yamada", "Yilmaz", "Zhou", "Brennan", "Costa", "Dubois", "Engel", "Ferrari",
    "Gruber", "Horvath", "Iqbal", "Jovanovic", "Kim", "Mendes", "Nilsson", "Ortega", "Pham", "Rahman", "Suzuki",
)
CITIES = (
    ("Aarhus", "Denmark"), ("Basel", "Switzerland"), ("Bologna", "Italy"), ("Chengdu", "China"), ("Dresden", "Germany"),
    ("Edmonton", "Canada"), ("Fukuoka", "Japan"), ("Gothenburg", "Sweden"), ("Hangzhou", "China"),
    ("Houston", "USA"), ("Leiden", "Netherlands"), ("Lyon", "France"), ("Melbourne", "Australia"),
    ("Nashville", "USA"), ("Porto", "Portugal"), ("Seoul", "Korea"), ("Tianjin", "China"), ("Utrecht", "Netherlands"),
    ("Valencia", "Spain"), ("Wuhan", "China"), ("Zurich", "Switzerland"), ("Krakow", "Poland"), ("Cleveland", "USA"),
)
HOSPITAL_SHAPES = (
    "{city} University Hospital", "{city} General Hospital", "{city} Cancer Center", "{family} Memorial Hospital",
    "{city} Institute of Hematology", "{city} Medical University Hospital", "{family} Blood Diseases Hospital",
    "University of {city} Medical Center", "{city} Children's Hospital",
)
DEPARTMENTS = ("Department of Hematology", "Division of Hematologic Malignancies", "Department of Cell Therapy",
               "Stem Cell Transplantation Unit", "Department of Laboratory Hematology")
ROLES = ("Chief Physician", "Director", "Professor of Medicine", "Head", "Deputy Director", "Principal Investigator")
OUTLETS = ("Hematology Insight", "Blood Matters Weekly", "Oncology Horizons", "Marrow Review", "Clinical Blood Notes",
           "Leukemia Today", "Cell Therapy Digest")
JOURNALS = ("Journal of Experimental Hematology", "Leukemia Letters", "Blood Cell Research", "Annals of Myeloma",
            "Hematologic Oncology Reports", "Cellular Therapy Communications")


@dataclass(frozen=True)
class Person:
    given: str
    family: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.given.split("-"))

    @property
    def email(self) -> str:
        return f"{self.given.lower().replace('-', '')}.{self.family.lower()}@example.org"


@dataclass(frozen=True)
class Institution:
    department: str
    hospital: str
    city: str
    country: str

    @property
    def name(self) -> str:
        return self.hospital

    @property
    def full(self) -> str:
        return f"{self.department}, {self.hospital}, {self.city}, {self.country}"


def make_person(rng: random.Random) -> Person:
    """A made-up person."""
    return Person(rng.choice(GIVEN), rng.choice(FAMILY))


def make_institution(rng: random.Random) -> Institution:
    """A made-up department of a made-up hospital in a real city."""
    city, country = rng.choice(CITIES)
    hospital = rng.choice(HOSPITAL_SHAPES).format(city=city, family=rng.choice(FAMILY))
    return Institution(rng.choice(DEPARTMENTS), hospital, city, country)


def make_outlet(rng: random.Random) -> str:
    return rng.choice(OUTLETS)


def make_journal(rng: random.Random) -> str:
    return rng.choice(JOURNALS)


def make_role(rng: random.Random) -> str:
    return rng.choice(ROLES)
