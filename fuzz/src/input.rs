//! Fuzzer bytes read as a stream of numbers. Reads past the end give zeros, so that every input
//! decodes to something, and a short input means a short test.

pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Up to `n` raw bytes (fewer at the end of the input).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    /// A little-endian number from the next `N` bytes.
    fn le<const N: usize>(&mut self) -> u64 {
        let mut v = [0u8; 8];
        let b = self.bytes(N);
        v[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(v)
    }

    pub fn u8(&mut self) -> u8 {
        self.le::<1>() as u8
    }

    pub fn u16(&mut self) -> u16 {
        self.le::<2>() as u16
    }

    pub fn u32(&mut self) -> u32 {
        self.le::<4>() as u32
    }

    pub fn u64(&mut self) -> u64 {
        self.le::<8>()
    }

    pub fn flag(&mut self) -> bool {
        self.u8() & 1 != 0
    }

    /// A number below `n` (0 when `n` is 0): one byte when that is enough, else four.
    pub fn below(&mut self, n: u32) -> u32 {
        match n {
            0 => 0,
            1..=256 => self.u8() as u32 % n,
            _ => self.u32() % n,
        }
    }

    /// A number that is often an edge case: 0, 1, all ones, small, one bit set, or any.
    pub fn edgy(&mut self) -> u64 {
        match self.u8() % 8 {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            3 => self.u8() as u64 % 64,
            4 => 1 << (self.u8() % 64),
            5 => self.u32() as u64,
            _ => self.u64(),
        }
    }

    /// A free-running ring index, often close to the u32 wrap.
    pub fn index(&mut self) -> u32 {
        match self.u8() % 4 {
            0 => 0,
            1 => u32::MAX - self.u8() as u32 % 80,
            _ => self.u32(),
        }
    }
}
