"""Risk of bias: RoB 2 for randomised trials and ROBINS-I for non-randomised studies (placeholder, filled below)."""

from __future__ import annotations

from typing import Final, Literal

RoB2Judgement = Literal["low", "some_concerns", "high"]
RobinsJudgement = Literal["low", "moderate", "serious", "critical", "no_information"]
ROB2: Final = "rob2"
ROBINS_I: Final = "robins_i"
TOOLS: Final = (ROB2, ROBINS_I)
ROB2_JUDGEMENTS: Final[tuple[RoB2Judgement, ...]] = ("low", "some_concerns", "high")
ROBINS_JUDGEMENTS: Final[tuple[RobinsJudgement, ...]] = ("low", "moderate", "serious", "critical", "no_information")
