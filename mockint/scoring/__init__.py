"""The pure core: transcripts, normalization, segmentation into STAR sections, timing, evidence, grading,
the rubric, probe choice and the result models. No device, file, clock or model here; imports only
`mockint.library` and `mockint.errors` below it.
"""
