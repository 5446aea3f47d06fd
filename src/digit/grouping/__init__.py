"""Pure group formation for collegial learning (no Django): ``objective`` defines the problem
and what a good grouping is, ``heuristic`` and ``cpsat`` solve it, ``solver.form_groups`` is the
entry point, ``quality`` describes the result for staff."""
