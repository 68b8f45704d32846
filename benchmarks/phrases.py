"""Sentences about hematology studies, with slots filled from the project's vocabulary.

A `Composer` holds the random generator of one document and the concept labels by kind; its methods write the
pieces every genre needs (a study title, a results paragraph, a question, an answer), always in fresh words
around vocabulary terms so that the builders have real recognition work to do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .names import Institution, Person, make_institution, make_person

__all__ = ["Pools", "Composer"]

STATUSES = ("relapsed or refractory", "newly diagnosed", "elderly", "post-transplant relapsed", "high-risk",
            "treatment-naive", "heavily pretreated")
PHASES = ("1", "1b", "1/2", "2", "3")
MEASURES = (("overall response rate", "ORR"), ("complete remission rate", "CR"),
            ("MRD-negative complete remission rate", "MRD-negative CR"), ("2-year overall survival", "OS"),
            ("1-year event-free survival", "EFS"), ("median progression-free survival", "PFS"))


@dataclass(frozen=True)
class Pools:
    """Labels by concept kind, each a tuple of ``(prefLabel, altLabels)`` sorted by IRI for determinism."""

    antigens: tuple
    genes: tuple
    therapies: tuple
    diseases: tuple
    mechanisms: tuple
    adverse_events: tuple
    conferences: tuple

    def kinds_missing(self) -> list[str]:
        return [name for name, pool in vars(self).items() if not pool]


class Composer:
    """Writes the parts of one document from its own random generator."""

    def __init__(self, rng: random.Random, pools: Pools):
        self.rng = rng
        self.pools = pools

    # --- vocabulary terms -----------------------------------------------------------------------------------
    def _label(self, pool: tuple, fallback: str) -> str:
        if not pool:
            return fallback
        pref, alts = self.rng.choice(pool)
        if alts and self.rng.random() < 0.25:
            return self.rng.choice(alts)
        return pref

    def antigen(self) -> str:
        return self._label(self.pools.antigens, "CD19")

    def gene(self) -> str:
        return self._label(self.pools.genes, "TP53")

    def therapy(self) -> str:
        return self._label(self.pools.therapies, "venetoclax")

    def disease(self) -> str:
        return self._label(self.pools.diseases, "acute myeloid leukemia")

    def mechanism(self) -> str:
        return self._label(self.pools.mechanisms, "antigen escape")

    def adverse_event(self) -> str:
        return self._label(self.pools.adverse_events, "cytokine release syndrome")

    def conference(self) -> str:
        return self._label(self.pools.conferences, "ASH")

    # --- small facts ----------------------------------------------------------------------------------------
    def person(self) -> Person:
        return make_person(self.rng)

    def institution(self) -> Institution:
        return make_institution(self.rng)

    def trial_id(self) -> str:
        if self.rng.random() < 0.8:
            return f"NCT0{self.rng.randint(1000000, 6999999)}"
        return f"ChiCTR{self.rng.randint(1800000000, 2500000000)}"

    def percent(self) -> str:
        return f"{self.rng.uniform(8, 95):.1f}"

    def patients(self) -> int:
        return self.rng.randint(6, 180)

    def year(self) -> int:
        return self.rng.randint(2019, 2026)

    # --- sentences ------------------------------------------------------------------------------------------
    def title(self) -> str:
        r = self.rng
        shapes = (
            lambda: f"{self.therapy()} in {r.choice(STATUSES)} {self.disease()}: results of a phase {r.choice(PHASES)} study",
            lambda: f"{self.antigen()}-directed CAR T cells for {self.disease()}: safety and early efficacy",
            lambda: f"Outcomes of {self.gene()}-mutated {self.disease()} treated with {self.therapy()}",
            lambda: f"{self.mechanism().capitalize()} shapes the response to {self.therapy()} in {self.disease()}",
            lambda: f"A multicenter analysis of {self.therapy()} combined with {self.therapy()} in {self.disease()}",
            lambda: f"Dual targeting of {self.antigen()} and {self.antigen()} in {r.choice(STATUSES)} {self.disease()}",
        )
        return r.choice(shapes)()

    def result_sentences(self, count: int) -> list[str]:
        r = self.rng
        shapes = (
            lambda: f"Between {r.randint(2018, 2023)} and {r.randint(2024, 2025)}, {self.patients()} patients with "
                    f"{r.choice(STATUSES)} {self.disease()} received {self.therapy()}.",
            lambda: "The {0} was {1}% ({2}/{3}).".format(r.choice(MEASURES)[0], self.percent(), r.randint(3, 40), r.randint(41, 90)),
            lambda: f"Grade 3 or higher {self.adverse_event()} occurred in {r.randint(1, 12)} patients, and no "
                    f"treatment-related deaths were recorded.",
            lambda: f"Correlative studies pointed to {self.mechanism()} as a driver of relapse after {self.therapy()}.",
            lambda: f"Patients whose leukemic cells carried {self.gene()} mutations responded less often "
                    f"({self.percent()}% versus {self.percent()}%).",
            lambda: f"Expression of {self.antigen()} was retained at relapse in most evaluable cases.",
            lambda: f"The trial is registered as {self.trial_id()} and enrolment continues at {r.randint(2, 30)} centers.",
            lambda: f"Median follow-up was {r.uniform(4, 36):.1f} months; {r.choice(MEASURES)[1]} reached {self.percent()}%.",
            lambda: f"{self.adverse_event().capitalize()} was mostly grade 1 to 2 and resolved with supportive care.",
            lambda: f"In a preclinical model, blocking {self.mechanism()} restored the activity of {self.therapy()}.",
            lambda: f"The recommended phase 2 dose was {r.choice(('1', '2', '3', '5'))}×10⁶ cells/kg.",
        )
        return [r.choice(shapes)() for _ in range(count)]

    def question(self) -> str:
        r = self.rng
        shapes = (
            lambda: f"What did the latest data on {self.therapy()} in {self.disease()} change in your practice?",
            lambda: f"How do you select patients with {self.gene()} mutations for targeted treatment?",
            lambda: f"Which safety signals, such as {self.adverse_event()}, deserve the closest monitoring?",
            lambda: f"Is {self.antigen()} a good target, given what we know about {self.mechanism()}?",
            lambda: f"Where do you see the field of {self.disease()} going over the next five years?",
            lambda: "What should young hematologists take away from this meeting?",
        )
        return r.choice(shapes)()

    def answer(self, sentences: int) -> str:
        r = self.rng
        openers = (
            f"In our center we have treated {self.patients()} patients with {self.therapy()} so far.",
            f"The short answer is that {self.disease()} is no longer one disease but many.",
            f"We learned a great deal from the {self.conference()} presentations this year.",
            f"I think {self.mechanism()} explains much of what we see in the clinic.",
        )
        return " ".join([r.choice(openers), *self.result_sentences(sentences)])
