"""Browser tests: the Playwright fixtures (`browser`, `page`, `phone`) live in tests/conftest.py."""
