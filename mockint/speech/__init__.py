"""The engines at the edges: audio files, devices, the agent's voice (`tts`), the microphone (`recorder`) and
speech recognition (`asr`, `convert`), each behind a small interface (`Speaker`, `Recorder`, `Transcriber`).
"""
