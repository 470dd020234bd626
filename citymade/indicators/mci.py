"""The Material Circularity Indicator of a product (Ellen MacArthur Foundation).

Source: Ellen MacArthur Foundation & Granta Design, *Circularity Indicators — Methodology* (2015,
revised 2019), product-level MCI. With mass M = 1 (it cancels out):

    V   = 1 − F_R − F_U − F_S                   virgin feedstock
    W_0 = 1 − C_R − C_U − C_C − C_E             waste going to landfill / energy recovery
    W_C = (1 − E_C)·C_R                          waste from recycling the product
    W_F = (1 − E_F)·F_R / E_F                    waste from producing its recycled feedstock
    W   = W_0 + (W_F + W_C) / 2
    LFI = (V + W) / (2 + (W_F − W_C) / 2)        linear flow index
    X   = (L / L_av)·(U / U_av);  F(X) = 0.9 / X
    MCI = max(0, 1 − LFI·F(X))
"""

from __future__ import annotations

__all__ = ["material_circularity_indicator"]

_TOLERANCE = 1e-9


def _fraction(name: str, value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a fraction between 0 and 1, got {value!r}")
    return float(value)


def material_circularity_indicator(
    *,
    recycled_input: float = 0,
    reused_input: float = 0,
    sustained_bio_input: float = 0,
    recycled_end: float = 0,
    reused_end: float = 0,
    composted_end: float = 0,
    energy_recovery_end: float = 0,
    recycling_efficiency: float = 1,
    feedstock_recycling_efficiency: float = 1,
    lifetime_ratio: float = 1,
    use_ratio: float = 1,
) -> float:
    """The product's MCI between 0 (fully linear) and 1 (fully circular); fractions are 0–1.

    ``lifetime_ratio`` is L/L_av (lifetime against the industry average), ``use_ratio`` U/U_av
    (functional units of use against the average). Raises ``ValueError`` on impossible inputs:
    a fraction outside 0–1, inputs or end-of-life shares summing above 1, a zero feedstock
    recycling efficiency with recycled input, or a non-positive ratio.
    """
    f_r = _fraction("recycled_input", recycled_input)
    f_u = _fraction("reused_input", reused_input)
    f_s = _fraction("sustained_bio_input", sustained_bio_input)
    c_r = _fraction("recycled_end", recycled_end)
    c_u = _fraction("reused_end", reused_end)
    c_c = _fraction("composted_end", composted_end)
    c_e = _fraction("energy_recovery_end", energy_recovery_end)
    e_c = _fraction("recycling_efficiency", recycling_efficiency)
    e_f = _fraction("feedstock_recycling_efficiency", feedstock_recycling_efficiency)
    if f_r + f_u + f_s > 1 + _TOLERANCE:
        raise ValueError(
            "recycled_input + reused_input + sustained_bio_input cannot exceed 1 "
            f"(got {f_r + f_u + f_s:.3f})"
        )
    if c_r + c_u + c_c + c_e > 1 + _TOLERANCE:
        raise ValueError(
            "recycled_end + reused_end + composted_end + energy_recovery_end cannot exceed 1 "
            f"(got {c_r + c_u + c_c + c_e:.3f})"
        )
    if lifetime_ratio <= 0 or use_ratio <= 0:
        raise ValueError("lifetime_ratio and use_ratio must be greater than 0")
    if f_r > 0 and e_f == 0:
        raise ValueError("feedstock_recycling_efficiency cannot be 0 when there is recycled input")

    virgin = max(0.0, 1 - f_r - f_u - f_s)
    waste_unrecovered = max(0.0, 1 - c_r - c_u - c_c - c_e)
    waste_recycling = (1 - e_c) * c_r
    waste_feedstock = (1 - e_f) * f_r / e_f if f_r > 0 else 0.0
    waste = waste_unrecovered + (waste_feedstock + waste_recycling) / 2
    linear_flow_index = (virgin + waste) / (2 + (waste_feedstock - waste_recycling) / 2)
    utility = lifetime_ratio * use_ratio
    return max(0.0, 1 - linear_flow_index * 0.9 / utility)
