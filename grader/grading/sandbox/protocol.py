"""The sandbox's wire format: plain data as bytes, both ways, with no pickle and no eval.

This file is loaded by path inside the child (which must never import the `grader` package), so
it imports only the standard library and NumPy.

A stream holds exactly one frame: MAGIC, a u64 payload length, the payload. A payload is one
value, tagged:

    N None   T True   F False   i int (u32 n, n bytes two's complement)   f float (8 bytes)
    s str (u32 n, n bytes UTF-8)   S NumPy scalar (u8 dtype code, itemsize raw bytes)
    A ndarray (u8 dtype code, u8 ndim, ndim x u64 dims, u64 n, n raw bytes, C order)
    L list / P tuple (u32 count, items)   D dict (u32 count, (str key, value) pairs)
    U Unsupported (u32 n, n bytes UTF-8 type name)

The encoder runs in the student's process, so only the parent's `decode` is trusted: it is total
(any input gives a value or a ProtocolError, nothing else) and only ever builds plain objects.
"""

from __future__ import annotations

import struct
from typing import Any, Callable

import numpy as np

MAGIC = b"\x93GSB"
HEADER = struct.Struct("<4sQ")
MAX_DEPTH = 32            # the encoder's nesting limit; the decoder refuses anything deeper
MAX_ITEMS = 1_000_000     # values in one message
MAX_NDIM = 32
MAX_INT_BYTES = 1 << 16   # a Python int wider than this is sent as Unsupported
MAX_NAME = 200            # Unsupported type names are clipped to this

# Only numeric and bool dtypes cross, always in native byte order. The index is the wire code.
DTYPES: tuple[np.dtype, ...] = tuple(
    np.dtype(code) for code in
    ("?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "g", "c8", "c16", "G")
)
_DTYPE_CODE = {dtype: index for index, dtype in enumerate(DTYPES)}

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_F64 = struct.Struct("<d")


class ProtocolError(Exception):
    """The bytes are not one well-formed message of plain data."""


class TooLarge(Exception):
    """The encoded value would pass the size or count limit."""


class Unsupported:
    """Default stand-in for an unsupported value; the parent passes its own type."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unsupported) and other.type_name == self.type_name

    def __repr__(self) -> str:
        return f"Unsupported({self.type_name!r})"


# ---------------------------------------------------------------------------------- encoding


def _type_name(value: object) -> str:
    # type.__dict__ lookups: a student's metaclass cannot fake or break them.
    cls = type(value)
    try:
        name = type.__dict__["__qualname__"].__get__(cls)
    except Exception:
        name = "object"
    return str.__str__(name)[:MAX_NAME] if isinstance(name, str) else "object"


class _Encoder:
    def __init__(self, limit: int):
        self.out = bytearray()
        self.limit = limit
        self.items = 0

    def _grow(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise TooLarge(f"more than {MAX_ITEMS} values")
        if len(self.out) > self.limit:
            raise TooLarge(f"more than {self.limit} bytes")

    def _str(self, tag: bytes, text: str) -> None:
        data = str.encode(text, "utf-8", "surrogatepass")
        self.out += tag + _U32.pack(len(data)) + data

    def _unsupported(self, name: str) -> None:
        self._str(b"U", name[:MAX_NAME])

    def value(self, value: Any, depth: int = 0) -> None:
        self._grow()
        start = len(self.out)
        try:
            self._value(value, depth)
        except TooLarge:
            raise
        except RecursionError:
            del self.out[start:]
            self._unsupported(_type_name(value) + " (nested too deep)")
        except Exception:
            # Whatever a student's object does while being read, it becomes a name, not a crash.
            del self.out[start:]
            self._unsupported(_type_name(value))
        if len(self.out) > self.limit:
            raise TooLarge(f"more than {self.limit} bytes")

    def _value(self, value: Any, depth: int) -> None:
        out = self.out
        if value is None:
            out += b"N"
        elif value is True:
            out += b"T"
        elif value is False:
            out += b"F"
        elif isinstance(value, np.generic):
            self._scalar(value)
        elif isinstance(value, np.ndarray):
            self._array(value)
        elif isinstance(value, bool):  # pragma: no cover - bool cannot be subclassed
            out += b"T" if value else b"F"
        elif isinstance(value, int):
            nbytes = (int.bit_length(value) + 8) // 8
            if nbytes > MAX_INT_BYTES:
                self._unsupported("int (too large)")
                return
            out += b"i" + _U32.pack(nbytes) + int.to_bytes(value, nbytes, "little", signed=True)
        elif isinstance(value, float):
            out += b"f" + _F64.pack(value)
        elif isinstance(value, str):
            self._str(b"s", value)
        elif isinstance(value, (list, tuple, dict)):
            if depth >= MAX_DEPTH:
                self._unsupported(_type_name(value) + " (nested too deep)")
            elif isinstance(value, dict):
                self._dict(value, depth)
            else:
                items = list.copy(value) if isinstance(value, list) else tuple.__iter__(value)
                items = list(items)
                out += (b"L" if isinstance(value, list) else b"P") + _U32.pack(len(items))
                for item in items:
                    self.value(item, depth + 1)
        else:
            self._unsupported(_type_name(value))

    def _dict(self, value: dict, depth: int) -> None:
        pairs = list(dict.items(value))
        if not all(isinstance(key, str) and not isinstance(key, np.generic) for key, _ in pairs):
            self._unsupported(_type_name(value) + " (keys not all str)")
            return
        self.out += b"D" + _U32.pack(len(pairs))
        for key, item in pairs:
            data = str.encode(key, "utf-8", "surrogatepass")
            self.out += _U32.pack(len(data)) + data
            self.value(item, depth + 1)

    def _scalar(self, value: np.generic) -> None:
        if isinstance(value, np.str_):
            self._str(b"s", str.__str__(value))
            return
        dtype = value.dtype.newbyteorder("=")
        code = _DTYPE_CODE.get(dtype)
        if code is None:
            self._unsupported(_type_name(value))
            return
        raw = np.asarray(value).astype(dtype).tobytes()
        self.out += b"S" + bytes((code,)) + raw

    def _array(self, value: np.ndarray) -> None:
        array = np.asarray(value)  # a subclass (matrix, masked) becomes its base ndarray
        if array.dtype.fields is not None:
            self._unsupported("ndarray[structured]")
            return
        dtype = array.dtype.newbyteorder("=") if array.dtype.byteorder not in "|" else array.dtype
        code = _DTYPE_CODE.get(dtype)
        if code is None:
            self._unsupported(f"ndarray[{array.dtype.name}]")
            return
        if array.ndim > MAX_NDIM:
            self._unsupported("ndarray (too many dimensions)")
            return
        nbytes = array.size * dtype.itemsize
        if len(self.out) + nbytes > self.limit:
            raise TooLarge(f"more than {self.limit} bytes")
        raw = np.ascontiguousarray(array, dtype=dtype).tobytes()
        self.out += b"A" + bytes((code, array.ndim))
        for dim in array.shape:
            self.out += _U64.pack(dim)
        self.out += _U64.pack(len(raw)) + raw


def encode_value(value: Any, limit: int = 1 << 62) -> bytes:
    """The payload for one value; TooLarge when it would pass `limit` bytes."""
    encoder = _Encoder(limit)
    encoder.value(value)
    return bytes(encoder.out)


def frame(payload: bytes) -> bytes:
    return HEADER.pack(MAGIC, len(payload)) + payload


def encode(value: Any, limit: int = 1 << 62) -> bytes:
    """One whole message (header and payload) holding `value`."""
    return frame(encode_value(value, limit))


# ---------------------------------------------------------------------------------- decoding


class _Decoder:
    def __init__(self, data: bytes, make_unsupported: Callable[[str], Any]):
        self.data = memoryview(data)
        self.pos = 0
        self.items = 0
        self.make_unsupported = make_unsupported

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.data):
            raise ProtocolError("the message ends in the middle of a value")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u32(self) -> int:
        return _U32.unpack(self.take(4))[0]

    def u64(self) -> int:
        return _U64.unpack(self.take(8))[0]

    def text(self) -> str:
        raw = bytes(self.take(self.u32()))
        try:
            return raw.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise ProtocolError("a string is not UTF-8") from None

    def dtype(self) -> np.dtype:
        code = self.u8()
        if code >= len(DTYPES):
            raise ProtocolError(f"unknown dtype code {code}")
        return DTYPES[code]

    def count(self) -> int:
        n = self.u32()
        # Every value takes at least one byte, so a count beyond the bytes left is a lie.
        if n > len(self.data) - self.pos:
            raise ProtocolError("a container claims more items than the message holds")
        return n

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise ProtocolError("values nested too deep")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ProtocolError("too many values")
        tag = bytes(self.take(1))
        if tag == b"N":
            return None
        if tag == b"T":
            return True
        if tag == b"F":
            return False
        if tag == b"i":
            n = self.u32()
            if n == 0 or n > MAX_INT_BYTES:
                raise ProtocolError("an int of a bad width")
            return int.from_bytes(self.take(n), "little", signed=True)
        if tag == b"f":
            return _F64.unpack(self.take(8))[0]
        if tag == b"s":
            return self.text()
        if tag == b"U":
            name = self.text()
            if len(name) > MAX_NAME:
                raise ProtocolError("an unsupported type name is too long")
            return self.make_unsupported(name)
        if tag == b"S":
            dtype = self.dtype()
            raw = bytes(self.take(dtype.itemsize))
            return np.frombuffer(raw, dtype=dtype)[0]
        if tag == b"A":
            return self.array()
        if tag in (b"L", b"P"):
            n = self.count()
            items = [self.value(depth + 1) for _ in range(n)]
            return items if tag == b"L" else tuple(items)
        if tag == b"D":
            n = self.count()
            result: dict[str, Any] = {}
            for _ in range(n):
                key = self.text()
                if key in result:
                    raise ProtocolError("a dict repeats a key")
                result[key] = self.value(depth + 1)
            return result
        raise ProtocolError(f"unknown tag {tag!r}")

    def array(self) -> np.ndarray:
        dtype = self.dtype()
        ndim = self.u8()
        if ndim > MAX_NDIM:
            raise ProtocolError("an array with too many dimensions")
        shape = tuple(self.u64() for _ in range(ndim))
        nbytes = self.u64()
        size = 1
        for dim in shape:
            size *= dim
        if size * dtype.itemsize != nbytes or any(dim >= 1 << 48 for dim in shape):
            raise ProtocolError("an array's length does not match its shape")
        raw = self.take(nbytes)
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def decode_value(payload: bytes, make_unsupported: Callable[[str], Any] = Unsupported) -> Any:
    """The one value in `payload`; ProtocolError for anything else (never another exception)."""
    try:
        decoder = _Decoder(payload, make_unsupported)
        value = decoder.value(0)
        if decoder.pos != len(decoder.data):
            raise ProtocolError("bytes after the value")
        return value
    except ProtocolError:
        raise
    except Exception as error:  # struct, numpy, recursion: all mean the same thing here
        raise ProtocolError(f"malformed value ({type(error).__name__})") from None


def decode(stream: bytes, limit: int = 1 << 62,
           make_unsupported: Callable[[str], Any] = Unsupported) -> Any:
    """The value of a stream that must hold exactly one message of at most `limit` bytes."""
    if len(stream) < HEADER.size:
        raise ProtocolError("no complete message header")
    magic, length = HEADER.unpack_from(stream)
    if magic != MAGIC:
        raise ProtocolError("the stream does not start with a message")
    if length > limit:
        raise ProtocolError("the message is larger than the limit")
    if HEADER.size + length != len(stream):
        raise ProtocolError("the stream length does not match the message")
    return decode_value(bytes(stream[HEADER.size:]), make_unsupported)
