import numpy as np
import pytest

from digit.stats.scores import ScoreLayout, as_dict, score

AREAS = {"1.1": "1", "1.2": "1", "2.1": "2", "9.9": "9"}  # 9.9 has no items


def layout():
    return ScoreLayout.from_codes(["1.1", "1.1", "1.2", "2.1", "2.1", "2.1"], AREAS)


def test_competence_is_item_mean_area_is_competence_mean_total_is_competence_mean():
    result = score([3, 1, 3, 0, 0, 3], layout())
    # 1.1 = mean(3,1)=2 → 66.67; 1.2 = 3 → 100; 2.1 = 1 → 33.33
    assert result.competence == pytest.approx([200 / 3, 100, 100 / 3])
    assert result.area == pytest.approx([(200 / 3 + 100) / 2, 100 / 3])
    assert result.total == pytest.approx((200 / 3 + 100 + 100 / 3) / 3)


def test_competences_without_items_are_left_out():
    assert layout().competences == ("1.1", "1.2", "2.1")
    assert layout().areas == ("1", "2")


def test_scores_are_vectorised_over_persons():
    matrix = np.array([[3, 1, 3, 0, 0, 3], [0, 0, 0, 0, 0, 0], [3, 3, 3, 3, 3, 3]])
    result = score(matrix, layout())
    assert result.competence.shape == (3, 3)
    assert result.total == pytest.approx([200 / 3, 0, 100])


def test_unknown_competence_is_refused():
    with pytest.raises(ValueError):
        ScoreLayout.from_codes(["7.7"], AREAS)


def test_wrong_number_of_answers_is_refused():
    with pytest.raises(ValueError):
        score([1, 2], layout())


def test_as_dict_rounds():
    assert as_dict(["1", "2"], [33.3333, 50]) == {"1": 33.33, "2": 50.0}
