"""Policy test cases: YAML beside the data, run by pytest and by `policyhub test`."""
