//! A tiny length-prefixed binary codec for the vault's sections.
//!
//! The reader is built for hostile input: every length is checked against
//! the bytes that remain before anything is allocated, so a forged count
//! can never make us reserve more memory than the input's own size.

/// Appends little-endian fields to a buffer.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// A writer with `cap` bytes reserved.
    pub fn with_capacity(cap: usize) -> Writer {
        Writer {
            buf: Vec::with_capacity(cap),
        }
    }

    /// The bytes written.
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    /// The number of bytes written.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Appends a byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Appends a u16.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a u64.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends an i64.
    pub fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends bytes with a u32 length prefix.
    pub fn blob(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).expect("a field is smaller than 4 GiB"));
        self.bytes(b);
    }

    /// Appends a string with a u16 length prefix.
    pub fn short_str(&mut self, s: &str) {
        self.u16(u16::try_from(s.len()).expect("names are shorter than 64 KiB"));
        self.bytes(s.as_bytes());
    }

    /// Appends an optional i64 as a presence byte and the value.
    pub fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.i64(v);
            }
            None => self.u8(0),
        }
    }

    /// Pads with zeros to a multiple of `align`.
    pub fn pad_to(&mut self, align: usize) {
        let rem = self.buf.len() % align;
        if rem != 0 {
            self.buf.resize(self.buf.len() + align - rem, 0);
        }
    }

    /// Mutable access, for zeroizing writers.
    pub fn buf_mut(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }
}

/// Why a decode failed. Deliberately coarse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Reads little-endian fields from a slice.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `buf` from its start.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    /// The bytes not yet read.
    pub fn rest(&self) -> &'a [u8] {
        self.buf
    }

    /// Takes `n` raw bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        if n > self.buf.len() {
            return Err(Malformed);
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    /// Takes a fixed-size array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], Malformed> {
        Ok(self.take(N)?.try_into().expect("take returned N bytes"))
    }

    /// Reads a byte.
    pub fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.array::<1>()?[0])
    }

    /// Reads a u16.
    pub fn u16(&mut self) -> Result<u16, Malformed> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    /// Reads a u32.
    pub fn u32(&mut self) -> Result<u32, Malformed> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// Reads a u64.
    pub fn u64(&mut self) -> Result<u64, Malformed> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// Reads an i64.
    pub fn i64(&mut self) -> Result<i64, Malformed> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// Reads bytes with a u32 length prefix.
    pub fn blob(&mut self) -> Result<&'a [u8], Malformed> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Reads a UTF-8 string with a u16 length prefix.
    pub fn short_str(&mut self) -> Result<&'a str, Malformed> {
        let n = self.u16()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| Malformed)
    }

    /// Reads a UTF-8 string with a u32 length prefix.
    pub fn long_str(&mut self) -> Result<&'a str, Malformed> {
        std::str::from_utf8(self.blob()?).map_err(|_| Malformed)
    }

    /// Reads an optional i64.
    pub fn opt_i64(&mut self) -> Result<Option<i64>, Malformed> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.i64()?)),
            _ => Err(Malformed),
        }
    }

    /// A count of items that each take at least `min_size` bytes; refuses
    /// counts the remaining input cannot hold, so capacity stays bounded.
    pub fn count(&mut self, min_size: usize) -> Result<usize, Malformed> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size.max(1)) > self.buf.len() {
            return Err(Malformed);
        }
        Ok(n)
    }

    /// Requires that only zero padding remains.
    pub fn expect_zero_padding(&self) -> Result<(), Malformed> {
        if self.buf.iter().all(|b| *b == 0) {
            Ok(())
        } else {
            Err(Malformed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::default();
        w.u8(1);
        w.u16(2);
        w.u32(3);
        w.u64(4);
        w.i64(-5);
        w.blob(b"blob");
        w.short_str("str");
        w.opt_i64(Some(7));
        w.opt_i64(None);
        w.pad_to(64);
        let bytes = w.into_inner();
        assert_eq!(bytes.len(), 64);
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.u16(), Ok(2));
        assert_eq!(r.u32(), Ok(3));
        assert_eq!(r.u64(), Ok(4));
        assert_eq!(r.i64(), Ok(-5));
        assert_eq!(r.blob(), Ok(&b"blob"[..]));
        assert_eq!(r.short_str(), Ok("str"));
        assert_eq!(r.opt_i64(), Ok(Some(7)));
        assert_eq!(r.opt_i64(), Ok(None));
        assert_eq!(r.expect_zero_padding(), Ok(()));
    }

    #[test]
    fn forged_lengths_are_refused() {
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 1, 2]);
        assert_eq!(r.blob(), Err(Malformed));
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(r.count(1), Err(Malformed));
    }
}
