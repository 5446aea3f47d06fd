"""What the funding pages say about the pure module's verdicts, in the reader's language."""

from django.utils.translation import gettext as _

from digit.finance.plan import Problem
from digit.funding.templatetags.money import kr, percent


def problem_text(problem: Problem) -> str:
    """One sentence saying which rule an edited plan breaks, and by how much."""
    if problem.code == "no_costs":
        return _("The plan has no costs yet.")
    if problem.code == "sources_differ":
        return _(
            "The financing sources add up to %(actual)s kr but the costs to %(expected)s kr "
            "(a difference of %(difference)s kr)."
        ) % {
            "actual": kr(int(problem.actual)),
            "expected": kr(int(problem.expected)),
            "difference": kr(int(problem.actual) - int(problem.expected)),
        }
    if problem.code == "esf_rate":
        return _(
            "The ESF amount is %(actual)s %% of the costs, but the decision's rate is "
            "%(expected)s %%."
        ) % {"actual": percent(problem.actual), "expected": percent(problem.expected)}
    if problem.code == "in_kind_differs":
        return _(
            "Public in-kind co-financing is %(actual)s kr but participants' time is budgeted "
            "at %(expected)s kr: the two must be equal."
        ) % {"actual": kr(int(problem.actual)), "expected": kr(int(problem.expected))}
    return problem.code
