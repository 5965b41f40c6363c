"""Bringing work in: importing skrivelser, suggesting standard answers, new responses."""
