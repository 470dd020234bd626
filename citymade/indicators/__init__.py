"""Indicator formulas, one family per module; plain functions of numbers, no framework needed.

* :mod:`~citymade.indicators.mci` — ``material_circularity_indicator`` (Ellen MacArthur Foundation)
* :mod:`~citymade.indicators.growth` — ``annualised_growth``, ``is_high_growth`` (OECD)
* :mod:`~citymade.indicators.nuisance` — VNG-style categories and distances
* :mod:`~citymade.indicators.lm3` — New Economics Foundation Local Multiplier 3
* :mod:`~citymade.indicators.affordability` — value added per m² against the site's cost
* :mod:`~citymade.indicators.value_chain` — vertical integration ratio
* :mod:`~citymade.indicators.material_flows` — circular inflow and outflow (WBCSD CTI spirit)

:mod:`~citymade.indicators.registry` exposes them by name to the framework's ``derived`` values.
"""

from citymade.indicators.affordability import Affordability, assess_affordability
from citymade.indicators.growth import annualised_growth, is_high_growth
from citymade.indicators.lm3 import local_multiplier_3
from citymade.indicators.material_flows import circular_inflow, circular_outflow
from citymade.indicators.mci import material_circularity_indicator
from citymade.indicators.nuisance import category_distance, largest_category, nuisance_category
from citymade.indicators.value_chain import integration_ratio

__all__ = [
    "Affordability",
    "annualised_growth",
    "assess_affordability",
    "category_distance",
    "circular_inflow",
    "circular_outflow",
    "integration_ratio",
    "is_high_growth",
    "largest_category",
    "local_multiplier_3",
    "material_circularity_indicator",
    "nuisance_category",
]
