"""Pure analytics of 预算联网监督 (no Django): money in 分, alert rules over plain rows, rollups and rates.

Everything here takes and returns plain Python values, so it can be tested and benchmarked alone.
"""
