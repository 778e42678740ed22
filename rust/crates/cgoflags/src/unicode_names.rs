//! The names `\p{...}` accepts in Go's regexp syntax (go1.25 and later; the
//! table holds go1.27's Unicode 17.0 names): general categories, their
//! long aliases and scripts, looked up after Go's loose canonicalisation
//! (separators `_`, `-` and space dropped, first letter upper case, the
//! rest lower case). Each name maps to the regex crate's spelling of the
//! same set.

/// What a Unicode class name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A property the regex crate knows: written `\p{NAME}`.
    Prop(&'static str),
    /// U+0000 to U+007F.
    Ascii,
    /// Surrogates (`Cs`): code points no valid UTF-8 string holds, so an
    /// empty set when matching Rust strings (Go's regexp sees them never
    /// either: it decodes them as U+FFFD).
    Empty,
    /// A script of Unicode 17 that the regex crate's Unicode 16 tables do
    /// not have.
    Missing,
}

use Target::{Empty, Missing, Prop};

/// Go's canonical spelling of a class name.
pub(crate) fn canonical(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !matches!(c, '_' | '-' | ' ')) {
        if out.is_empty() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The set a `\p{name}` names, if Go knows the name.
pub(crate) fn lookup(name: &str) -> Option<Target> {
    let name = canonical(name);
    match name.as_str() {
        "Any" => return Some(Prop("Any")),
        "Assigned" => return Some(Prop("Assigned")),
        "Ascii" => return Some(Target::Ascii),
        _ => {}
    }
    NAMES
        .binary_search_by(|(k, _)| k.cmp(&name.as_str()))
        .ok()
        .map(|i| NAMES[i].1)
}

/// Canonical name and set, sorted by name (byte order).
const NAMES: &[(&str, Target)] = &[
    ("Adlam", Prop("sc=Adlam")),
    ("Ahom", Prop("sc=Ahom")),
    ("Anatolianhieroglyphs", Prop("sc=Anatolian_Hieroglyphs")),
    ("Arabic", Prop("sc=Arabic")),
    ("Armenian", Prop("sc=Armenian")),
    ("Avestan", Prop("sc=Avestan")),
    ("Balinese", Prop("sc=Balinese")),
    ("Bamum", Prop("sc=Bamum")),
    ("Bassavah", Prop("sc=Bassa_Vah")),
    ("Batak", Prop("sc=Batak")),
    ("Bengali", Prop("sc=Bengali")),
    ("Beriaerfe", Missing),
    ("Bhaiksuki", Prop("sc=Bhaiksuki")),
    ("Bopomofo", Prop("sc=Bopomofo")),
    ("Brahmi", Prop("sc=Brahmi")),
    ("Braille", Prop("sc=Braille")),
    ("Buginese", Prop("sc=Buginese")),
    ("Buhid", Prop("sc=Buhid")),
    ("C", Prop("gc=C")),
    ("Canadianaboriginal", Prop("sc=Canadian_Aboriginal")),
    ("Carian", Prop("sc=Carian")),
    ("Casedletter", Prop("gc=LC")),
    ("Caucasianalbanian", Prop("sc=Caucasian_Albanian")),
    ("Cc", Prop("gc=Cc")),
    ("Cf", Prop("gc=Cf")),
    ("Chakma", Prop("sc=Chakma")),
    ("Cham", Prop("sc=Cham")),
    ("Cherokee", Prop("sc=Cherokee")),
    ("Chorasmian", Prop("sc=Chorasmian")),
    ("Closepunctuation", Prop("gc=Pe")),
    ("Cn", Prop("gc=Cn")),
    ("Cntrl", Prop("gc=Cc")),
    ("Co", Prop("gc=Co")),
    ("Combiningmark", Prop("gc=M")),
    ("Common", Prop("sc=Common")),
    ("Connectorpunctuation", Prop("gc=Pc")),
    ("Control", Prop("gc=Cc")),
    ("Coptic", Prop("sc=Coptic")),
    ("Cs", Empty),
    ("Cuneiform", Prop("sc=Cuneiform")),
    ("Currencysymbol", Prop("gc=Sc")),
    ("Cypriot", Prop("sc=Cypriot")),
    ("Cyprominoan", Prop("sc=Cypro_Minoan")),
    ("Cyrillic", Prop("sc=Cyrillic")),
    ("Dashpunctuation", Prop("gc=Pd")),
    ("Decimalnumber", Prop("gc=Nd")),
    ("Deseret", Prop("sc=Deseret")),
    ("Devanagari", Prop("sc=Devanagari")),
    ("Digit", Prop("gc=Nd")),
    ("Divesakuru", Prop("sc=Dives_Akuru")),
    ("Dogra", Prop("sc=Dogra")),
    ("Duployan", Prop("sc=Duployan")),
    ("Egyptianhieroglyphs", Prop("sc=Egyptian_Hieroglyphs")),
    ("Elbasan", Prop("sc=Elbasan")),
    ("Elymaic", Prop("sc=Elymaic")),
    ("Enclosingmark", Prop("gc=Me")),
    ("Ethiopic", Prop("sc=Ethiopic")),
    ("Finalpunctuation", Prop("gc=Pf")),
    ("Format", Prop("gc=Cf")),
    ("Garay", Prop("sc=Garay")),
    ("Georgian", Prop("sc=Georgian")),
    ("Glagolitic", Prop("sc=Glagolitic")),
    ("Gothic", Prop("sc=Gothic")),
    ("Grantha", Prop("sc=Grantha")),
    ("Greek", Prop("sc=Greek")),
    ("Gujarati", Prop("sc=Gujarati")),
    ("Gunjalagondi", Prop("sc=Gunjala_Gondi")),
    ("Gurmukhi", Prop("sc=Gurmukhi")),
    ("Gurungkhema", Prop("sc=Gurung_Khema")),
    ("Han", Prop("sc=Han")),
    ("Hangul", Prop("sc=Hangul")),
    ("Hanifirohingya", Prop("sc=Hanifi_Rohingya")),
    ("Hanunoo", Prop("sc=Hanunoo")),
    ("Hatran", Prop("sc=Hatran")),
    ("Hebrew", Prop("sc=Hebrew")),
    ("Hiragana", Prop("sc=Hiragana")),
    ("Imperialaramaic", Prop("sc=Imperial_Aramaic")),
    ("Inherited", Prop("sc=Inherited")),
    ("Initialpunctuation", Prop("gc=Pi")),
    ("Inscriptionalpahlavi", Prop("sc=Inscriptional_Pahlavi")),
    ("Inscriptionalparthian", Prop("sc=Inscriptional_Parthian")),
    ("Javanese", Prop("sc=Javanese")),
    ("Kaithi", Prop("sc=Kaithi")),
    ("Kannada", Prop("sc=Kannada")),
    ("Katakana", Prop("sc=Katakana")),
    ("Kawi", Prop("sc=Kawi")),
    ("Kayahli", Prop("sc=Kayah_Li")),
    ("Kharoshthi", Prop("sc=Kharoshthi")),
    ("Khitansmallscript", Prop("sc=Khitan_Small_Script")),
    ("Khmer", Prop("sc=Khmer")),
    ("Khojki", Prop("sc=Khojki")),
    ("Khudawadi", Prop("sc=Khudawadi")),
    ("Kiratrai", Prop("sc=Kirat_Rai")),
    ("L", Prop("gc=L")),
    ("Lao", Prop("sc=Lao")),
    ("Latin", Prop("sc=Latin")),
    ("Lc", Prop("gc=LC")),
    ("Lepcha", Prop("sc=Lepcha")),
    ("Letter", Prop("gc=L")),
    ("Letternumber", Prop("gc=Nl")),
    ("Limbu", Prop("sc=Limbu")),
    ("Lineara", Prop("sc=Linear_A")),
    ("Linearb", Prop("sc=Linear_B")),
    ("Lineseparator", Prop("gc=Zl")),
    ("Lisu", Prop("sc=Lisu")),
    ("Ll", Prop("gc=Ll")),
    ("Lm", Prop("gc=Lm")),
    ("Lo", Prop("gc=Lo")),
    ("Lowercaseletter", Prop("gc=Ll")),
    ("Lt", Prop("gc=Lt")),
    ("Lu", Prop("gc=Lu")),
    ("Lycian", Prop("sc=Lycian")),
    ("Lydian", Prop("sc=Lydian")),
    ("M", Prop("gc=M")),
    ("Mahajani", Prop("sc=Mahajani")),
    ("Makasar", Prop("sc=Makasar")),
    ("Malayalam", Prop("sc=Malayalam")),
    ("Mandaic", Prop("sc=Mandaic")),
    ("Manichaean", Prop("sc=Manichaean")),
    ("Marchen", Prop("sc=Marchen")),
    ("Mark", Prop("gc=M")),
    ("Masaramgondi", Prop("sc=Masaram_Gondi")),
    ("Mathsymbol", Prop("gc=Sm")),
    ("Mc", Prop("gc=Mc")),
    ("Me", Prop("gc=Me")),
    ("Medefaidrin", Prop("sc=Medefaidrin")),
    ("Meeteimayek", Prop("sc=Meetei_Mayek")),
    ("Mendekikakui", Prop("sc=Mende_Kikakui")),
    ("Meroiticcursive", Prop("sc=Meroitic_Cursive")),
    ("Meroitichieroglyphs", Prop("sc=Meroitic_Hieroglyphs")),
    ("Miao", Prop("sc=Miao")),
    ("Mn", Prop("gc=Mn")),
    ("Modi", Prop("sc=Modi")),
    ("Modifierletter", Prop("gc=Lm")),
    ("Modifiersymbol", Prop("gc=Sk")),
    ("Mongolian", Prop("sc=Mongolian")),
    ("Mro", Prop("sc=Mro")),
    ("Multani", Prop("sc=Multani")),
    ("Myanmar", Prop("sc=Myanmar")),
    ("N", Prop("gc=N")),
    ("Nabataean", Prop("sc=Nabataean")),
    ("Nagmundari", Prop("sc=Nag_Mundari")),
    ("Nandinagari", Prop("sc=Nandinagari")),
    ("Nd", Prop("gc=Nd")),
    ("Newa", Prop("sc=Newa")),
    ("Newtailue", Prop("sc=New_Tai_Lue")),
    ("Nko", Prop("sc=Nko")),
    ("Nl", Prop("gc=Nl")),
    ("No", Prop("gc=No")),
    ("Nonspacingmark", Prop("gc=Mn")),
    ("Number", Prop("gc=N")),
    ("Nushu", Prop("sc=Nushu")),
    ("Nyiakengpuachuehmong", Prop("sc=Nyiakeng_Puachue_Hmong")),
    ("Ogham", Prop("sc=Ogham")),
    ("Olchiki", Prop("sc=Ol_Chiki")),
    ("Oldhungarian", Prop("sc=Old_Hungarian")),
    ("Olditalic", Prop("sc=Old_Italic")),
    ("Oldnortharabian", Prop("sc=Old_North_Arabian")),
    ("Oldpermic", Prop("sc=Old_Permic")),
    ("Oldpersian", Prop("sc=Old_Persian")),
    ("Oldsogdian", Prop("sc=Old_Sogdian")),
    ("Oldsoutharabian", Prop("sc=Old_South_Arabian")),
    ("Oldturkic", Prop("sc=Old_Turkic")),
    ("Olduyghur", Prop("sc=Old_Uyghur")),
    ("Olonal", Prop("sc=Ol_Onal")),
    ("Openpunctuation", Prop("gc=Ps")),
    ("Oriya", Prop("sc=Oriya")),
    ("Osage", Prop("sc=Osage")),
    ("Osmanya", Prop("sc=Osmanya")),
    ("Other", Prop("gc=C")),
    ("Otherletter", Prop("gc=Lo")),
    ("Othernumber", Prop("gc=No")),
    ("Otherpunctuation", Prop("gc=Po")),
    ("Othersymbol", Prop("gc=So")),
    ("P", Prop("gc=P")),
    ("Pahawhhmong", Prop("sc=Pahawh_Hmong")),
    ("Palmyrene", Prop("sc=Palmyrene")),
    ("Paragraphseparator", Prop("gc=Zp")),
    ("Paucinhau", Prop("sc=Pau_Cin_Hau")),
    ("Pc", Prop("gc=Pc")),
    ("Pd", Prop("gc=Pd")),
    ("Pe", Prop("gc=Pe")),
    ("Pf", Prop("gc=Pf")),
    ("Phagspa", Prop("sc=Phags_Pa")),
    ("Phoenician", Prop("sc=Phoenician")),
    ("Pi", Prop("gc=Pi")),
    ("Po", Prop("gc=Po")),
    ("Privateuse", Prop("gc=Co")),
    ("Ps", Prop("gc=Ps")),
    ("Psalterpahlavi", Prop("sc=Psalter_Pahlavi")),
    ("Punct", Prop("gc=P")),
    ("Punctuation", Prop("gc=P")),
    ("Rejang", Prop("sc=Rejang")),
    ("Runic", Prop("sc=Runic")),
    ("S", Prop("gc=S")),
    ("Samaritan", Prop("sc=Samaritan")),
    ("Saurashtra", Prop("sc=Saurashtra")),
    ("Sc", Prop("gc=Sc")),
    ("Separator", Prop("gc=Z")),
    ("Sharada", Prop("sc=Sharada")),
    ("Shavian", Prop("sc=Shavian")),
    ("Siddham", Prop("sc=Siddham")),
    ("Sidetic", Missing),
    ("Signwriting", Prop("sc=SignWriting")),
    ("Sinhala", Prop("sc=Sinhala")),
    ("Sk", Prop("gc=Sk")),
    ("Sm", Prop("gc=Sm")),
    ("So", Prop("gc=So")),
    ("Sogdian", Prop("sc=Sogdian")),
    ("Sorasompeng", Prop("sc=Sora_Sompeng")),
    ("Soyombo", Prop("sc=Soyombo")),
    ("Spaceseparator", Prop("gc=Zs")),
    ("Spacingmark", Prop("gc=Mc")),
    ("Sundanese", Prop("sc=Sundanese")),
    ("Sunuwar", Prop("sc=Sunuwar")),
    ("Surrogate", Empty),
    ("Sylotinagri", Prop("sc=Syloti_Nagri")),
    ("Symbol", Prop("gc=S")),
    ("Syriac", Prop("sc=Syriac")),
    ("Tagalog", Prop("sc=Tagalog")),
    ("Tagbanwa", Prop("sc=Tagbanwa")),
    ("Taile", Prop("sc=Tai_Le")),
    ("Taitham", Prop("sc=Tai_Tham")),
    ("Taiviet", Prop("sc=Tai_Viet")),
    ("Taiyo", Missing),
    ("Takri", Prop("sc=Takri")),
    ("Tamil", Prop("sc=Tamil")),
    ("Tangsa", Prop("sc=Tangsa")),
    ("Tangut", Prop("sc=Tangut")),
    ("Telugu", Prop("sc=Telugu")),
    ("Thaana", Prop("sc=Thaana")),
    ("Thai", Prop("sc=Thai")),
    ("Tibetan", Prop("sc=Tibetan")),
    ("Tifinagh", Prop("sc=Tifinagh")),
    ("Tirhuta", Prop("sc=Tirhuta")),
    ("Titlecaseletter", Prop("gc=Lt")),
    ("Todhri", Prop("sc=Todhri")),
    ("Tolongsiki", Missing),
    ("Toto", Prop("sc=Toto")),
    ("Tulutigalari", Prop("sc=Tulu_Tigalari")),
    ("Ugaritic", Prop("sc=Ugaritic")),
    ("Unassigned", Prop("gc=Cn")),
    ("Uppercaseletter", Prop("gc=Lu")),
    ("Vai", Prop("sc=Vai")),
    ("Vithkuqi", Prop("sc=Vithkuqi")),
    ("Wancho", Prop("sc=Wancho")),
    ("Warangciti", Prop("sc=Warang_Citi")),
    ("Yezidi", Prop("sc=Yezidi")),
    ("Yi", Prop("sc=Yi")),
    ("Z", Prop("gc=Z")),
    ("Zanabazarsquare", Prop("sc=Zanabazar_Square")),
    ("Zl", Prop("gc=Zl")),
    ("Zp", Prop("gc=Zp")),
    ("Zs", Prop("gc=Zs")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NAMES.iter().all(|(k, _)| canonical(k) == *k));
    }

    #[test]
    fn every_property_is_known_to_the_regex_crate() {
        for (name, target) in NAMES {
            if let Prop(p) = target {
                let re = format!(r"\p{{{p}}}");
                assert!(regex::Regex::new(&re).is_ok(), "{name}: {re}");
            }
        }
    }

    #[test]
    fn loose_names() {
        assert_eq!(canonical("old_italic"), "Olditalic");
        assert_eq!(canonical("L u"), "Lu");
        assert_eq!(canonical("--greek"), "Greek");
        assert_eq!(canonical(""), "");
        assert_eq!(lookup("lu"), Some(Prop("gc=Lu")));
        assert_eq!(lookup("Uppercase-Letter"), Some(Prop("gc=Lu")));
        assert_eq!(lookup("LC"), Some(Prop("gc=LC")));
        assert_eq!(lookup("Old Italic"), Some(Prop("sc=Old_Italic")));
        assert_eq!(lookup("ASCII"), Some(Target::Ascii));
        assert_eq!(lookup("any"), Some(Prop("Any")));
        assert_eq!(lookup("Cs"), Some(Empty));
        assert_eq!(lookup("Sidetic"), Some(Missing));
        // Names the regex crate knows but Go does not.
        for name in [
            "isGreek",
            "Alphabetic",
            "gc=L",
            "sc=Greek",
            "Latn",
            "White_Space",
            "",
        ] {
            assert_eq!(lookup(name), None, "{name}");
        }
    }
}
