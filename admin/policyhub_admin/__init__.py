"""The officials' back office (Flask-Admin)."""
