//! Results to JavaScript as one JSON text: a serde `Serializer` writing JSON into a `String`,
//! which `to_js` hands to `JSON.parse` in one call.
//!
//! It replaced serde-wasm-bindgen, which creates every object, array, string and number by
//! its own call into JavaScript and links its own glue for each. Measured on the seeds widget
//! (after wasm-opt -Oz): the .wasm 215,552 → 207,591 bytes raw (88,183 → 85,410 brotli), the
//! glue 14,922 → 13,463 bytes; results identical (the same JSON.stringify of every result
//! for 200 SciFact claims and hostile queries).
//!
//! Numbers are written without `core::fmt` (its float formatting alone is several KB of
//! wasm): integers digit by digit, and floats as their exact decimal value (`m × 2^e` written
//! as the digits of `m × 5^-e` and the exponent `e`), which `JSON.parse` reads back as exactly
//! the same double, the value serde-wasm-bindgen gave. Infinities become `1e999` (parsed as
//! `Infinity`), NaN `null` (JSON has no NaN). Map keys must be strings or numbers (a number
//! key is quoted, as JavaScript object keys are strings anyway).

use serde::ser::{self, Serialize};

/// The only error: a value JSON cannot hold (a map key that is not a string or number).
#[derive(Debug)]
pub struct Error;

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a map key that is not a string")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    // The message is dropped: formatting it would link `core::fmt` paths for nothing, since
    // the types serialized here never raise custom errors.
    fn custom<T: core::fmt::Display>(_msg: T) -> Self {
        Error
    }
}

/// Serializes `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut json = Json {
        out: String::with_capacity(256),
    };
    value.serialize(&mut json)?;
    Ok(json.out)
}

pub struct Json {
    out: String,
}

impl Json {
    fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut plain = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[plain..i]);
            plain = i + 1;
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 15)] as char);
            } else {
                self.out.push_str(escape);
            }
        }
        self.out.push_str(&s[plain..]);
        self.out.push('"');
    }

    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.out.push(d as char);
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// Writes `mantissa × 2^exponent` (with the sign) exactly, in decimal.
    fn exact(&mut self, negative: bool, mut mantissa: u64, mut exponent: i32) {
        if negative {
            self.out.push('-');
        }
        if mantissa == 0 {
            self.out.push('0');
            return;
        }
        let shift = mantissa.trailing_zeros();
        mantissa >>= shift;
        exponent += shift as i32;
        if (0..=10).contains(&exponent) {
            // Small integers (the common case for whole numbers): fits in u64.
            self.unsigned(mantissa << exponent);
            return;
        }
        // Decimal digits of mantissa × 2^exponent (exponent > 0) or mantissa × 5^-exponent,
        // least significant first, multiplied one factor at a time.
        let mut digits: Vec<u8> = Vec::with_capacity(40);
        while mantissa > 0 {
            digits.push((mantissa % 10) as u8);
            mantissa /= 10;
        }
        let factor = if exponent > 0 { 2 } else { 5 };
        for _ in 0..exponent.unsigned_abs() {
            let mut carry = 0;
            for d in digits.iter_mut() {
                let v = *d * factor + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                digits.push(carry);
            }
        }
        for &d in digits.iter().rev() {
            self.out.push((b'0' + d) as char);
        }
        if exponent < 0 {
            self.out.push_str("e-");
            self.unsigned(u64::from(exponent.unsigned_abs()));
        }
    }

    fn float(&mut self, v: f64) {
        if v.is_nan() {
            self.out.push_str("null");
        } else if v.is_infinite() {
            self.out.push_str(if v < 0.0 { "-1e999" } else { "1e999" });
        } else {
            let bits = v.to_bits();
            let biased = ((bits >> 52) & 0x7ff) as i32;
            let fraction = bits & ((1 << 52) - 1);
            let (mantissa, exponent) = if biased == 0 {
                (fraction, -1074)
            } else {
                (fraction | (1 << 52), biased - 1075)
            };
            self.exact(v.is_sign_negative(), mantissa, exponent);
        }
    }

    fn f32(&mut self, v: f32) {
        // Decomposed as f32 (24-bit mantissa, exponent ≥ -149): fewer digits to multiply than
        // its (equal) f64, whose trailing zero bits are stripped anyway.
        if !v.is_finite() {
            return self.float(f64::from(v));
        }
        let bits = v.to_bits();
        let biased = ((bits >> 23) & 0xff) as i32;
        let fraction = u64::from(bits & ((1 << 23) - 1));
        let (mantissa, exponent) = if biased == 0 {
            (fraction, -149)
        } else {
            (fraction | (1 << 23), biased - 150)
        };
        self.exact(v.is_sign_negative(), mantissa, exponent);
    }
}

/// An array or object being written: `first` until its first element.
pub struct Compound<'a> {
    json: &'a mut Json,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.json.out.push(',');
        }
    }

    fn end(self) {
        self.json.out.push(self.close);
    }
}

impl<'a> Json {
    fn open(&'a mut self, open: char, close: char) -> Compound<'a> {
        self.out.push(open);
        Compound {
            json: self,
            first: true,
            close,
        }
    }
}

impl<'a> ser::Serializer for &'a mut Json {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.f32(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open('[', ']');
        for &b in v {
            ser::SerializeSeq::serialize_element(&mut seq, &b)?;
        }
        seq.end();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        // `{ "variant": value }`, as serde-wasm-bindgen and serde_json write it.
        let mut map = self.open('{', '}');
        ser::SerializeStruct::serialize_field(&mut map, variant, value)?;
        map.end();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        // No type given to JavaScript has enum variants with fields.
        Err(Error)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        let start = self.json.out.len();
        key.serialize(&mut *self.json)?;
        // JavaScript object keys are strings: a number key is quoted; anything else (an
        // array, an object, null) cannot be a key.
        match self.json.out.as_bytes().get(start) {
            Some(b'"') => {}
            Some(b'-' | b'0'..=b'9') => {
                self.json.out.insert(start, '"');
                self.json.out.push('"');
            }
            _ => return Err(Error),
        }
        self.json.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.comma();
        self.json.string(key);
        self.json.out.push(':');
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample<'a> {
        id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
        did_you_mean: Option<String>,
        score: f32,
        highlights: Vec<(u32, u32)>,
        total: usize,
        ok: bool,
    }

    #[test]
    fn writes_structs_as_json() {
        let s = Sample {
            id: "a\"b\\c\n\u{1}é😀",
            url: None,
            did_you_mean: None,
            score: 1.5,
            highlights: vec![(0, 3), (5, 9)],
            total: 12,
            ok: true,
        };
        assert_eq!(
            to_string(&s).unwrap(),
            r#"{"id":"a\"b\\c\n\u0001é😀","didYouMean":null,"score":15e-1,"highlights":[[0,3],[5,9]],"total":12,"ok":true}"#
        );
    }

    #[test]
    fn number_keys_are_quoted_and_other_keys_refused() {
        let mut m = std::collections::BTreeMap::new();
        m.insert(7u32, "x");
        assert_eq!(to_string(&m).unwrap(), r#"{"7":"x"}"#);
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(Some(()), 1);
        assert!(to_string(&bad).is_err());
    }

    #[test]
    fn special_floats() {
        assert_eq!(to_string(&0.0f32).unwrap(), "0");
        assert_eq!(to_string(&-0.0f64).unwrap(), "-0");
        assert_eq!(to_string(&f32::INFINITY).unwrap(), "1e999");
        assert_eq!(to_string(&f64::NEG_INFINITY).unwrap(), "-1e999");
        assert_eq!(to_string(&f64::NAN).unwrap(), "null");
        assert_eq!(to_string(&1024.0f32).unwrap(), "1024");
        assert_eq!(
            to_string(&0.1f32).unwrap(),
            "100000001490116119384765625e-27"
        );
    }

    /// The exact decimal, read back as a double, is the value itself.
    fn reads_back(text: &str) -> f64 {
        text.parse::<f64>().unwrap()
    }

    proptest! {
        #[test]
        fn f32_round_trips_exactly(bits in any::<u32>()) {
            let v = f32::from_bits(bits);
            prop_assume!(v.is_finite());
            prop_assert_eq!(reads_back(&to_string(&v).unwrap()).to_bits(), f64::from(v).to_bits());
        }

        #[test]
        fn f64_round_trips_exactly(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite());
            prop_assert_eq!(reads_back(&to_string(&v).unwrap()).to_bits(), v.to_bits());
        }

        #[test]
        fn integers(n in any::<i64>(), u in any::<u64>()) {
            prop_assert_eq!(to_string(&n).unwrap(), n.to_string());
            prop_assert_eq!(to_string(&u).unwrap(), u.to_string());
        }

        #[test]
        fn strings_escape_to_valid_json(s in any::<String>()) {
            let text = to_string(&s).unwrap();
            let back: String = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, s);
        }
    }
}
