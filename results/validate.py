#!/usr/bin/python3
"""Validate every record of one or more records.jsonl files against record.schema.json.

Used by the tests on every run they make; usable by hand: results/validate.py DIR|FILE ...
Exit 0 when all records are valid, 1 otherwise (each problem printed on one line).
"""
import json
import pathlib
import sys

import jsonschema

SCHEMA = pathlib.Path(__file__).with_name("record.schema.json")


def records_of(path):
    path = pathlib.Path(path)
    if path.is_dir():
        path = path / "records.jsonl"
    for number, line in enumerate(path.read_text().splitlines(), 1):
        yield path, number, json.loads(line)


def main(paths):
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    count, bad = 0, 0
    for path in paths:
        for file, number, record in records_of(path):
            count += 1
            for error in validator.iter_errors(record):
                bad += 1
                where = "/".join(str(p) for p in error.absolute_path)
                print(f"{file}:{number}: {where}: {error.message}")
    print(f"{count} records checked, {bad} problems")
    return 0 if count > 0 and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
