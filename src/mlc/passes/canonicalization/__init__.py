"""Canonicalization rules of the mlc dialects, run by xDSL's `canonicalize` pass.

Ops opt in with their dialect's `CanonicalizationPatterns` trait (as xDSL's
transforms/canonicalization_patterns/ does); each module here holds one dialect's rules.
"""
