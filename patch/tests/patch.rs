//! The patcher on synthetic engine modules (built here with wasm-encoder, shaped like
//! wasm-bindgen's output: one defined memory, active data segments, a data-count section,
//! custom sections) and with a real image of the seeds.

use std::path::Path;

use bakedsearch_core::locate::{LOCATOR_MAGIC, LOCATOR_VERSION};
use bakedsearch_patch::{located, patch, place, PatchError};
use proptest::prelude::*;
use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataCountSection, DataSection, EntityType, ExportKind,
    ExportSection, Function, FunctionSection, ImportSection, Instruction, MemorySection,
    MemoryType, Module, TypeSection,
};

/// A locator (wasm32 layout) pointing at `len` bytes at `ptr`, with `version`.
fn locator(version: u32, ptr: u32, len: u32) -> Vec<u8> {
    let mut bytes = LOCATOR_MAGIC.to_vec();
    bytes.extend(version.to_le_bytes());
    bytes.extend(ptr.to_le_bytes());
    bytes.extend(len.to_le_bytes());
    bytes
}

struct Engine {
    pages: u64,
    maximum: Option<u64>,
    data_count: bool,
    /// Active segments: (offset, bytes).
    segments: Vec<(u32, Vec<u8>)>,
    imported_memory: bool,
}

impl Engine {
    /// One page of data: filler, the locator (pointing at an embedded 5-byte image), filler.
    fn typical() -> Engine {
        let mut first = b"rodata before ".to_vec();
        first.extend(locator(LOCATOR_VERSION, 2048, 5));
        first.extend(b" after");
        Engine {
            pages: 17,
            maximum: None,
            data_count: true,
            segments: vec![(1024, first), (2048, b"SEEDS".to_vec())],
            imported_memory: false,
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        module.section(&types);
        let memory = MemoryType {
            minimum: self.pages,
            maximum: self.maximum,
            memory64: false,
            shared: false,
            page_size_log2: None,
        };
        if self.imported_memory {
            let mut imports = ImportSection::new();
            imports.import("env", "memory", EntityType::Memory(memory));
            module.section(&imports);
        }
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        if !self.imported_memory {
            let mut memories = MemorySection::new();
            memories.memory(memory);
            module.section(&memories);
        }
        let mut exports = ExportSection::new();
        exports.export("f", ExportKind::Func, 0);
        module.section(&exports);
        if self.data_count {
            module.section(&DataCountSection {
                count: self.segments.len() as u32,
            });
        }
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instruction(&Instruction::I32Const(1));
        f.instruction(&Instruction::End);
        code.function(&f);
        module.section(&code);
        let mut data = DataSection::new();
        for (offset, bytes) in &self.segments {
            data.active(
                0,
                &ConstExpr::i32_const(*offset as i32),
                bytes.iter().copied(),
            );
        }
        module.section(&data);
        module.section(&CustomSection {
            name: "producers".into(),
            data: b"kept verbatim".as_slice().into(),
        });
        module.finish()
    }
}

fn validate(wasm: &[u8]) {
    wasmparser::Validator::new()
        .validate_all(wasm)
        .expect("the patched module validates");
}

fn memory_minimum(wasm: &[u8]) -> u64 {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::MemorySection(reader) = payload.unwrap() {
            return reader.into_iter().next().unwrap().unwrap().initial;
        }
    }
    panic!("no memory section");
}

#[test]
fn the_unpatched_engine_locates_its_embedded_image() {
    assert_eq!(located(&Engine::typical().encode()).unwrap(), b"SEEDS");
}

#[test]
fn placing_appends_one_segment_above_the_initial_memory() {
    let engine = Engine::typical().encode();
    let image = vec![7u8; 65536 + 1];
    let patched = place(&engine, &image).unwrap();
    validate(&patched.wasm);
    assert_eq!(patched.address, 17 * 65536);
    assert_eq!(patched.pages, (17, 19));
    assert_eq!(memory_minimum(&patched.wasm), 19);
    assert_eq!(located(&patched.wasm).unwrap(), image);
    // Everything else is unchanged: the custom section, the other segment's bytes.
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&patched.wasm, b"kept verbatim"));
    assert!(contains(&patched.wasm, b"SEEDS"));
    assert!(contains(&patched.wasm, b"rodata before "));
}

#[test]
fn a_module_without_a_data_count_section_is_patched_too() {
    let engine = Engine {
        data_count: false,
        ..Engine::typical()
    };
    let patched = place(&engine.encode(), b"image").unwrap();
    validate(&patched.wasm);
    assert_eq!(located(&patched.wasm).unwrap(), b"image");
}

#[test]
fn no_locator_is_a_clear_error() {
    let engine = Engine {
        segments: vec![(1024, b"no locator here".to_vec())],
        ..Engine::typical()
    };
    let err = place(&engine.encode(), b"x").unwrap_err();
    assert!(
        matches!(&err, PatchError::Locator(m) if m.contains("no image locator")),
        "{err}"
    );
}

#[test]
fn two_locators_are_ambiguous() {
    let mut engine = Engine::typical();
    engine
        .segments
        .push((4096, locator(LOCATOR_VERSION, 2048, 5)));
    let err = place(&engine.encode(), b"x").unwrap_err();
    assert!(
        matches!(&err, PatchError::Locator(m) if m.contains("2 times")),
        "{err}"
    );
}

#[test]
fn a_cut_locator_and_another_version_are_refused() {
    let mut cut = Engine::typical();
    cut.segments = vec![(1024, locator(LOCATOR_VERSION, 0, 0)[..20].to_vec())];
    let err = place(&cut.encode(), b"x").unwrap_err();
    assert!(err.to_string().contains("cut short"), "{err}");
    let mut other = Engine::typical();
    other.segments = vec![(1024, locator(LOCATOR_VERSION + 1, 0, 0))];
    let err = place(&other.encode(), b"x").unwrap_err();
    assert!(err.to_string().contains("version 2"), "{err}");
}

#[test]
fn memory_limits_are_respected() {
    let capped = Engine {
        maximum: Some(18),
        ..Engine::typical()
    };
    assert!(place(&capped.encode(), &[0; 65536]).is_ok());
    let err = place(&capped.encode(), &[0; 65537]).unwrap_err();
    assert!(
        matches!(&err, PatchError::Memory(m) if m.contains("maximum is 18")),
        "{err}"
    );
    let imported = Engine {
        imported_memory: true,
        ..Engine::typical()
    };
    let err = place(&imported.encode(), b"x").unwrap_err();
    assert!(err.to_string().contains("imports its memory"), "{err}");
}

#[test]
fn garbage_is_a_parse_error_not_a_panic() {
    assert!(matches!(
        place(b"\0asm\x01\0\0\0\x0b\xff", b"x"),
        Err(PatchError::Parse(_))
    ));
    assert!(matches!(
        place(b"not wasm", b"x"),
        Err(PatchError::Parse(_))
    ));
}

#[test]
fn patch_verifies_the_image_first() {
    let engine = Engine::typical().encode();
    let err = patch(&engine, b"BAKEDIDX but not an image").unwrap_err();
    assert!(matches!(err, PatchError::Image(_)), "{err}");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let baked = bakedsearch_core::indexer::bake(Some(&seeds), None, &seeds).unwrap();
    let patched = patch(&engine, &baked.image).unwrap();
    validate(&patched.wasm);
    assert_eq!(located(&patched.wasm).unwrap(), baked.image);
}

proptest! {
    #[test]
    fn any_bytes_are_placed_and_located_exactly(
        image in proptest::collection::vec(any::<u8>(), 0..200_000),
        pages in 1u64..40,
        data_count in any::<bool>(),
        filler in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut engine = Engine { pages, data_count, ..Engine::typical() };
        // The locator somewhere inside arbitrary data (no magic in 64 random bytes).
        let mut first = filler.clone();
        first.extend(locator(LOCATOR_VERSION, 2048, 5));
        first.extend(&filler);
        engine.segments[0].1 = first;
        let patched = place(&engine.encode(), &image).unwrap();
        validate(&patched.wasm);
        prop_assert_eq!(located(&patched.wasm).unwrap(), image.clone());
        prop_assert_eq!(patched.pages.1, pages + (image.len() as u64).div_ceil(65536).max(1));
        prop_assert_eq!(patched.address as u64, pages * 65536);
    }
}
