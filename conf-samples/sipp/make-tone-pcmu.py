#!/usr/bin/env python3
"""Writes tone-440hz-1s.pcmu: one second of a 440 Hz sine at -10 dBFS as raw G.711
mu-law (8000 samples, 8 kHz, no header), the audio sipp's rtp_stream plays as
payload type 0 (160 bytes per 20 ms packet). Run from this folder to regenerate."""
import math

SAMPLE_RATE = 8000
FREQUENCY_HZ = 440
AMPLITUDE = int(32767 * 10 ** (-10 / 20))  # -10 dBFS
BIAS = 0x84
CLIP = 32635


def linear_to_ulaw(sample: int) -> int:
    # ITU-T G.711 mu-law: sign, 3-bit segment, 4-bit mantissa, bits inverted
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), CLIP) + BIAS
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not magnitude & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


samples = (round(AMPLITUDE * math.sin(2 * math.pi * FREQUENCY_HZ * n / SAMPLE_RATE))
           for n in range(SAMPLE_RATE))
with open("tone-440hz-1s.pcmu", "wb") as out:
    out.write(bytes(linear_to_ulaw(s) for s in samples))
