"""Oracle for wasm/regex tests: runs patterns through the system Oniguruma (libonig.so.5) the way the onig
crate's Regex::new + find_iter do inside Hugging Face tokenizers, and writes the matches as JSON lines.

Usage: python3 onig_oracle.py < cases.jsonl > onig_cases.jsonl
Input lines: {"pattern": str, "inputs": [str, ...]}. Output lines: {"pattern", "input", "matches": [[s,e],...]}
or {"pattern", "error": str} when Oniguruma rejects the pattern.
"""
import ctypes
import json
import sys

lib = ctypes.CDLL("libonig.so.5")
lib.onig_version.restype = ctypes.c_char_p


class Region(ctypes.Structure):
    _fields_ = [("allocated", ctypes.c_int), ("num_regs", ctypes.c_int),
                ("beg", ctypes.POINTER(ctypes.c_int)), ("end", ctypes.POINTER(ctypes.c_int)),
                ("history_root", ctypes.c_void_p)]


class ErrorInfo(ctypes.Structure):
    _fields_ = [("enc", ctypes.c_void_p), ("par", ctypes.c_void_p), ("par_end", ctypes.c_void_p)]


UTF8 = ctypes.addressof(ctypes.c_char.in_dll(lib, "OnigEncodingUTF8"))
DEFAULT_SYNTAX = ctypes.c_void_p.in_dll(lib, "OnigDefaultSyntax").value  # what onig::Syntax::default() uses
lib.onig_initialize((ctypes.c_void_p * 1)(UTF8), 1)
lib.onig_region_new.restype = ctypes.POINTER(Region)
lib.onig_search.argtypes = [ctypes.c_void_p] * 6 + [ctypes.c_uint]
lib.onig_new.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint,
                         ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ErrorInfo)]
lib.onig_error_code_to_str.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ErrorInfo)]


def compile_pattern(pattern):
    p = pattern.encode()
    buf = ctypes.create_string_buffer(p, len(p))
    reg, info = ctypes.c_void_p(), ErrorInfo()
    base = ctypes.addressof(buf)
    r = lib.onig_new(ctypes.byref(reg), base, base + len(p), 0, UTF8, DEFAULT_SYNTAX, ctypes.byref(info))
    if r != 0:
        msg = ctypes.create_string_buffer(256)
        lib.onig_error_code_to_str(msg, r, ctypes.byref(info))
        raise ValueError(msg.value.decode(errors="replace"))
    return reg, buf


def find_iter(reg, text):
    """The onig crate's FindMatches: search from last_end; an empty match advances by one character and is
    dropped when it directly follows a non-empty match."""
    data = text.encode()
    buf = ctypes.create_string_buffer(data, len(data) + 1)
    base, n = ctypes.addressof(buf), len(data)
    region = lib.onig_region_new()
    out, last_end, skip_next_empty = [], 0, False
    while last_end <= n:
        r = lib.onig_search(reg, base, base + n, base + last_end, base + n, region, 0)
        if r == -1:
            break
        if r < -1:
            raise RuntimeError("onig_search error %d" % r)
        s, e = region.contents.beg[0], region.contents.end[0]
        last_end = e
        if s == e:
            rest = data[last_end:]
            last_end += len(rest[:4].decode("utf-8", errors="ignore")[:1].encode()) if rest else 1
            if skip_next_empty:
                skip_next_empty = False
                continue
        else:
            skip_next_empty = True
        out.append([s, e])
    lib.onig_region_free(region, 1)
    return out


def main():
    sys.stderr.write("oniguruma %s\n" % lib.onig_version().decode())
    for line in sys.stdin:
        case = json.loads(line)
        pattern = case["pattern"]
        try:
            reg, keep = compile_pattern(pattern)
        except ValueError as err:
            print(json.dumps({"pattern": pattern, "error": str(err)}, ensure_ascii=False))
            continue
        for text in case["inputs"]:
            print(json.dumps({"pattern": pattern, "input": text, "matches": find_iter(reg, text)},
                             ensure_ascii=False))
        lib.onig_free(reg)


main()
