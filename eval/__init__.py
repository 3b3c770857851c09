"""Evaluation harness: retrieval metrics, the LangChain tutorial baseline, benchmarks."""
