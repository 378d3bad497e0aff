"""The rules pages call on every request: judgements against benchmarks and targets, the risk index,
similar wards and councils, when figures are due. Pure functions of figures and the registry."""
