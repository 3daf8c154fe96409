#!/usr/bin/env python3
"""PANhunt-style baseline for the card-number benchmark: a regex for 13-19 digit candidates written
with or without space/dash separators, then Luhn, line by line over bytes (as PANhunt 1.2 does).

usage: pan_baseline.py FILE [MAX_BYTES]   prints the number of Luhn-valid candidates, and the bytes read
"""
import re
import sys

CANDIDATE = re.compile(rb"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")
SEPARATORS = re.compile(rb"[ -]")


def luhn(digits: bytes) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = c - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def main() -> None:
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    found = 0
    read = 0
    with open(path, "rb") as f:
        for line in f:
            read += len(line)
            for m in CANDIDATE.finditer(line):
                if luhn(SEPARATORS.sub(b"", m.group())):
                    found += 1
            if limit is not None and read >= limit:
                break
    print(found, read)


if __name__ == "__main__":
    main()
