"""An example third-party jurisdiction plugin for policyhub."""
