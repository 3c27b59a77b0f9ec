"""`kubesim serve`: the Kubernetes HTTP API on the simulated cluster."""
