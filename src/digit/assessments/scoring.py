"""Scoring service: computes and stores a submitted response's scores (see digit.stats)."""


def score_response(response) -> None:
    """Compute and store total, area, competence and practice scores of a submitted response,
    and, for a follow-up wave, the person's reliable-change verdict. Called inside the
    submission transaction."""
    raise NotImplementedError
