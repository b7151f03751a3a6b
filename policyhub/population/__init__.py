"""Enterprise populations: import, rules compiled to SQL, screening over every enterprise at once."""
