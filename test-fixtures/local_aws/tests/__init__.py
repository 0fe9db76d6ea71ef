"""Unit tests of the emulator's pure parts: no server, no moto (python3 -m unittest discover -s tests -t .)."""
