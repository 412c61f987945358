"""Time-limit cues on the desk: private, quiet, never a sound, never an end to anything."""
