"""Measuring mockint against ground truth: segmentation (`segmentation`), the graded scoring corpus
(`scoring`) and its spoken subset (`spoken`).
"""
