"""Huangpu District (Guangzhou Development Zone) policies for policyhub, shipped as a plugin."""
