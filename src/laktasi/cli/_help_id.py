"""Indonesian ``--help``: every help and description string of the command line, translated.

The commands are written with English help; :func:`translate_parser` swaps in the Indonesian
text when ``--lang id`` or ``LAKTASI_LANG=id`` (the default) is in force, and
:func:`argparse_in_indonesian` translates argparse's own words ("usage", "options", …).
A string missing here stays English (tests/cli/test_main.py lists any that are).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

ARGPARSE: dict[str, str] = {
    "usage: ": "penggunaan: ",
    "options": "opsi",
    "positional arguments": "argumen posisi",
    "show this help message and exit": "tampilkan pesan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "expected one argument": "memerlukan satu argumen",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
}

HELP: dict[str, str] = {
    # laktasi
    "Lactation-support studies and systematic reviews, analysed correctly.":
        "Penelitian dukungan laktasi dan tinjauan sistematis, dianalisis dengan benar.",
    "language of text (default: LAKTASI_LANG or id)": "bahasa teks (bawaan: LAKTASI_LANG atau id)",
    "print only a JSON document on standard output": "cetak hanya satu dokumen JSON di keluaran standar",
    "write a synthetic example study with its HTML and Word reports":
        "tulis contoh studi sintetis beserta laporan HTML dan Word-nya",
    "analyse a study table (before/after by arm): tests, effect sizes, report":
        "analisis tabel studi (sebelum/sesudah per kelompok): uji, ukuran efek, laporan",
    "sample size or power: paired t, two-sample t, ANCOVA, McNemar, two proportions":
        "besar sampel atau power: t berpasangan, t dua sampel, ANCOVA, McNemar, dua proporsi",
    "meta-analysis of a table of studies: pooled effect, heterogeneity, forest and funnel plots":
        "meta-analisis dari tabel studi: efek gabungan, heterogenitas, forest plot dan funnel plot",
    "check reported statistics (p-values, percentages, means) for consistency":
        "periksa konsistensi statistik yang dilaporkan (nilai p, persentase, rerata)",
    "systematic review: search, import, deduplicate, PRISMA diagram, study table":
        "tinjauan sistematis: pencarian, impor, hapus duplikat, diagram PRISMA, tabel studi",
    "run the home-care study web app (waitress; 127.0.0.1 unless --host)":
        "jalankan aplikasi web studi kunjungan rumah (waitress; 127.0.0.1 kecuali --host)",
    "snapshot the web app's database to a file (SQLite or PostgreSQL)":
        "salin basis data aplikasi web ke sebuah berkas cadangan (SQLite atau PostgreSQL)",
    "replace the web app's database with a backup (stop the server first)":
        "ganti basis data aplikasi web dengan cadangan (hentikan server dahulu)",
    # demo
    "Write a synthetic example study (labelled so), shaped like a small oxytocin-massage study (milk volume and "
    "milk-flow category, intervention and control group, before and after), with its design file and its results "
    "chapter as HTML and DOCX, to a folder.":
        "Tulis contoh studi sintetis (ditandai demikian) yang menyerupai studi kecil pijat oksitosin (volume ASI dan "
        "kategori kelancaran ASI, kelompok intervensi dan kontrol, sebelum dan sesudah) beserta berkas desain dan bab "
        "hasilnya dalam HTML dan DOCX ke sebuah folder.",
    "folder to write to (default: ./laktasi-demo)": "folder tujuan (bawaan: ./laktasi-demo)",
    "mothers per group (default: 30)": "jumlah ibu per kelompok (bawaan: 30)",
    "random seed (default: 2024)": "benih acak (bawaan: 2024)",
    "report layout: skripsi (default for --lang id) or plain (default for --lang en) / tata letak laporan: skripsi "
    "(bawaan untuk --lang id) atau plain":
        "tata letak laporan: skripsi (bawaan untuk --lang id) atau plain (bawaan untuk --lang en)",
    # analyze
    "Analyse a primary study: descriptives, exact tests, effect sizes with 95%% CI, warnings. DATA is a .csv (any "
    "delimiter, decimal comma), .xlsx or SPSS .sav table, one row per participant (id, arm, <outcome>_pre, "
    "<outcome>_post) unless a YAML design file says otherwise.":
        "Analisis studi primer: deskriptif, uji eksak, ukuran efek dengan IK 95%%, peringatan. DATA adalah tabel .csv "
        "(pemisah apa pun, koma desimal), .xlsx atau SPSS .sav, satu baris per partisipan (id, kelompok, "
        "<luaran>_pre, <luaran>_post) kecuali berkas desain YAML menyatakan lain.",
    "study table (.csv, .xlsx, .sav)": "tabel studi (.csv, .xlsx, .sav)",
    "YAML design file (columns, levels, reference arm, rules)":
        "berkas desain YAML (kolom, tingkat, kelompok rujukan, aturan)",
    "write a results chapter to PATH.html or PATH.docx": "tulis bab hasil ke PATH.html atau PATH.docx",
    "report layout: skripsi (Tabel 4.1, Sumber lines, 'Berdasarkan tabel' paragraphs, TNR 12 pt, 1.5 spacing, "
    "margins 4-3-3-3 cm; default for --lang id) or plain (default for --lang en); also report_style: in the design "
    "file / tata letak laporan: skripsi (bawaan untuk --lang id) atau plain":
        "tata letak laporan: skripsi (Tabel 4.1, baris Sumber, paragraf 'Berdasarkan tabel', TNR 12 pt, spasi 1,5, "
        "margin 4-3-3-3 cm; bawaan untuk --lang id) atau plain (bawaan untuk --lang en); juga report_style: di "
        "berkas desain",
    "chapter number of tables and figures in skripsi style (default 4: Tabel 4.1) / nomor bab untuk tabel dan "
    "gambar (bawaan 4)": "nomor bab untuk tabel dan gambar gaya skripsi (bawaan 4: Tabel 4.1)",
    # power
    "Sample size (give --power) or power (give --n) for a study design. Example: laktasi power paired-t --d 0.5 "
    "--power 0.8":
        "Besar sampel (beri --power) atau power (beri --n) untuk sebuah desain studi. Contoh: laktasi power paired-t "
        "--d 0,5 --power 0,8",
    "paired t-test (pre/post in one arm); --d is d_z = mean change / SD of change":
        "uji t berpasangan (pre/post dalam satu kelompok); --d adalah d_z = rerata perubahan / SD perubahan",
    "two-sample t-test between arms; --d is Cohen's d": "uji t dua sampel antarkelompok; --d adalah d Cohen",
    "ANCOVA of post adjusting for pre (Borm et al. 2007)": "ANCOVA nilai post disesuaikan dengan pre (Borm dkk. 2007)",
    "McNemar test of a yes/no outcome before and after (Connor 1987)":
        "uji McNemar untuk luaran ya/tidak sebelum dan sesudah (Connor 1987)",
    "two independent proportions (Cohen's h)": "dua proporsi independen (h Cohen)",
    "standardised mean change d_z, e.g. 0.5": "perubahan rerata terstandar d_z, mis. 0,5",
    "instead of --d: expected difference in the outcome's unit (e.g. 10 ml); d = diff / sd":
        "pengganti --d: selisih yang diharapkan dalam satuan luaran (mis. 10 ml); d = diff / sd",
    "instead of --d: standard deviation in the same unit (of the change)":
        "pengganti --d: simpangan baku dalam satuan yang sama (dari perubahan)",
    "instead of --d: standard deviation in the same unit (within an arm)":
        "pengganti --d: simpangan baku dalam satuan yang sama (di dalam kelompok)",
    "target power, e.g. 0.8 (computes the sample size)": "power yang diinginkan, mis. 0,8 (menghitung besar sampel)",
    "sample size: pairs, or participants per arm (computes power)":
        "besar sampel: pasangan, atau partisipan per kelompok (menghitung power)",
    "significance level (default 0.05)": "taraf signifikansi (bawaan 0,05)",
    "one-sided test (default two-sided)": "uji satu sisi (bawaan dua sisi)",
    "standardised difference between arms (Cohen's d), e.g. 0.5":
        "selisih terstandar antarkelompok (d Cohen), mis. 0,5",
    "standardised difference between arms on the post measurement":
        "selisih terstandar antarkelompok pada pengukuran post",
    "pre–post correlation, e.g. 0.6": "korelasi pre–post, mis. 0,6",
    "proportion of pairs changing no → yes, e.g. 0.3": "proporsi pasangan yang berubah tidak → ya, mis. 0,3",
    "proportion of pairs changing yes → no, e.g. 0.1": "proporsi pasangan yang berubah ya → tidak, mis. 0,1",
    "size for the exact (binomial) McNemar test that 'laktasi analyze' runs":
        "hitung besar sampel untuk uji McNemar eksak (binomial) yang dijalankan 'laktasi analyze'",
    "proportion in the other arm, e.g. 0.6": "proporsi pada kelompok lain, mis. 0,6",
    "proportion in the reference arm, e.g. 0.4": "proporsi pada kelompok rujukan, mis. 0,4",
    # meta
    "Meta-analysis as R metafor computes it. DATA has one row per study with the columns study, events_t, n_t, "
    "events_c, n_c (RR, OR, RD), or study, mean_t, sd_t, n_t, mean_c, sd_c, n_c (MD, SMD, ROM), or study, events, n "
    "(one group's proportion: PR, PLO, PFT), or study, mean_pre_t, sd_pre_t, mean_post_t, sd_post_t, n_t, r [+ the "
    "same _c columns for a control group] (pre/post: SMCR, MC), or study, yi, vi (precomputed; ratio measures on "
    "the log scale).":
        "Meta-analisis seperti dihitung R metafor. DATA memuat satu baris per studi dengan kolom study, events_t, n_t, "
        "events_c, n_c (RR, OR, RD), atau study, mean_t, sd_t, n_t, mean_c, sd_c, n_c (MD, SMD, ROM), atau study, "
        "events, n (proporsi satu kelompok: PR, PLO, PFT), atau study, mean_pre_t, sd_pre_t, mean_post_t, sd_post_t, "
        "n_t, r [+ kolom _c yang sama untuk kelompok kontrol] (pre/post: SMCR, MC), atau study, yi, vi (sudah "
        "dihitung; ukuran rasio pada skala log).",
    "study table (.csv, .xlsx)": "tabel studi (.csv, .xlsx)",
    "effect measure": "ukuran efek",
    "FE, MH (Mantel-Haenszel), DL, REML (default), PM, ML, HE (Hedges) or SJ (Sidik-Jonkman)":
        "FE, MH (Mantel-Haenszel), DL, REML (bawaan), PM, ML, HE (Hedges) atau SJ (Sidik-Jonkman)",
    "prediction interval: metafor (z, or t(k-1) with --hk; default) or riley (t with k-2 df)":
        "interval prediksi: metafor (z, atau t(k-1) dengan --hk; bawaan) atau riley (t dengan db k-2)",
    "Hartung-Knapp-Sidik-Jonkman CI and test (random effects)":
        "IK dan uji Hartung-Knapp-Sidik-Jonkman (efek acak)",
    "column defining subgroups": "kolom yang menentukan subkelompok",
    "column for a meta-regression (numeric or categories)": "kolom untuk meta-regresi (angka atau kategori)",
    "write a forest plot to PATH.png or PATH.svg": "tulis forest plot ke PATH.png atau PATH.svg",
    "write a funnel plot to PATH.png or PATH.svg": "tulis funnel plot ke PATH.png atau PATH.svg",
    "write a Baujat plot to PATH.png or PATH.svg": "tulis plot Baujat ke PATH.png atau PATH.svg",
    "write a report to PATH.html or PATH.docx": "tulis laporan ke PATH.html atau PATH.docx",
    # audit
    "Check whether reported p-values, percentages and means can be right. CLAIMS is a YAML list of claims or a .txt "
    "file of text from a paper.":
        "Periksa apakah nilai p, persentase, dan rerata yang dilaporkan mungkin benar. CLAIMS adalah daftar klaim "
        "YAML atau berkas .txt berisi teks dari sebuah artikel.",
    "claims file (.yaml/.yml) or text (.txt)": "berkas klaim (.yaml/.yml) atau teks (.txt)",
    # review
    "show a search strategy's queries, or run it on PubMed and save the records (.nbib)":
        "tampilkan kueri strategi pencarian, atau jalankan di PubMed dan simpan rekamannya (.nbib)",
    "read database exports (PubMed .nbib, RIS, Web of Science, BibTeX, EndNote XML/.enw, CSV/XLSX/JSON) into one "
    "record file":
        "baca ekspor basis data (PubMed .nbib, RIS, Web of Science, BibTeX, EndNote XML/.enw, CSV/XLSX/JSON) "
        "menjadi satu berkas rekaman",
    "find duplicate records across exports; keep the most complete of each group":
        "temukan rekaman ganda di antara ekspor; simpan yang paling lengkap dari tiap kelompok",
    "PRISMA 2020 flow diagram from counts, or from records + screening decisions":
        "diagram alir PRISMA 2020 dari jumlah, atau dari rekaman + keputusan penyaringan",
    "table of included studies from a data-extraction sheet (DOCX, XLSX, CSV)":
        "tabel studi yang disertakan dari lembar ekstraksi data (DOCX, XLSX, CSV)",
    "simulate prioritised screening of a labelled set (WSS@95, recall at 10%%, stopping rule)":
        "simulasikan penyaringan berprioritas pada set berlabel (WSS@95, recall pada 10%%, aturan berhenti)",
    "rank the unscreened records of a review by how likely each is an include":
        "urutkan rekaman yang belum disaring menurut peluang masing-masing untuk disertakan",
    "Render a search strategy (YAML: concept blocks, dates, languages) for PubMed, Google Scholar and Scopus; with "
    "--pubmed, run it through the NCBI E-utilities and record the run in the YAML.":
        "Susun strategi pencarian (YAML: blok konsep, tanggal, bahasa) untuk PubMed, Google Scholar dan Scopus; "
        "dengan --pubmed, jalankan melalui NCBI E-utilities dan catat pencarian itu di YAML.",
    "search strategy file": "berkas strategi pencarian",
    "run the PubMed query and download the records": "jalankan kueri PubMed dan unduh rekamannya",
    "where to write the PubMed records (MEDLINE text)": "tempat menulis rekaman PubMed (teks MEDLINE)",
    "records per EFetch request": "rekaman per permintaan EFetch",
    "download at most N records": "unduh paling banyak N rekaman",
    "contact e-mail sent to NCBI (NCBI asks for one; default LAKTASI_PUBMED_EMAIL)":
        "e-mail kontak yang dikirim ke NCBI (diminta NCBI; bawaan LAKTASI_PUBMED_EMAIL)",
    "do not record the run in STRATEGY.yaml": "jangan catat pencarian di STRATEGY.yaml",
    'record a search you ran by hand (e.g. "Google Scholar") with --hits, in STRATEGY.yaml':
        'catat pencarian yang Anda jalankan sendiri (mis. "Google Scholar") dengan --hits, di STRATEGY.yaml',
    "with --record: the number of results shown": "dengan --record: jumlah hasil yang tampil",
    "with --record: the number of records exported": "dengan --record: jumlah rekaman yang diekspor",
    "with --record: when it was run (default today)": "dengan --record: kapan dijalankan (bawaan hari ini)",
    "with --record: the query as typed (default: the strategy's query)":
        "dengan --record: kueri seperti diketik (bawaan: kueri strategi)",
    "with --record: the exported file": "dengan --record: berkas hasil ekspor",
    "Read exports from PubMed, Scopus, Web of Science, Embase/Ovid, PsycINFO, ERIC, Cochrane, Rayyan, EndNote, "
    "Zotero, Mendeley, Publish or Perish / Google Scholar, SpringerLink and ASReview into one file. Formats: nbib "
    "(PubMed MEDLINE, ERIC), ris, wos (Web of Science plain text), bibtex, endnote_xml (EndNote, Zotero, Mendeley "
    "XML), enw (EndNote tagged %A/%T), pop_json (Publish or Perish JSON), csv, xlsx.":
        "Baca ekspor dari PubMed, Scopus, Web of Science, Embase/Ovid, PsycINFO, ERIC, Cochrane, Rayyan, EndNote, "
        "Zotero, Mendeley, Publish or Perish / Google Scholar, SpringerLink dan ASReview menjadi satu berkas. Format: "
        "nbib (PubMed MEDLINE, ERIC), ris, wos (teks polos Web of Science), bibtex, endnote_xml (XML EndNote, Zotero, "
        "Mendeley), enw (EndNote bertag %A/%T), pop_json (JSON Publish or Perish), csv, xlsx.",
    "export files (format detected per file)": "berkas ekspor (format dikenali per berkas)",
    "records.csv or records.ris": "records.csv atau records.ris",
    "read every FILE as this format": "baca setiap FILE dengan format ini",
    'source database for every record, when the export does not say (e.g. "Google Scholar")':
        'basis data sumber untuk setiap rekaman, bila ekspor tidak menyebutkannya (mis. "Google Scholar")',
    "text encoding of every FILE when it is not UTF-8 and cannot be told (e.g. gbk, big5)":
        "pengodean teks setiap FILE bila bukan UTF-8 dan tidak dapat dikenali (mis. gbk, big5)",
    "Deduplicate bibliographic exports (PubMed .nbib, RIS, WoS, BibTeX, CSV/XLSX). Nothing is deleted: --all keeps "
    "every record with duplicate_of, so PRISMA counts can be rebuilt. Pairs that look alike but disagree (different "
    "DOI, pages, year, erratum…) are never merged; --uncertain lists them for a human.":
        "Hapus duplikat ekspor bibliografi (PubMed .nbib, RIS, WoS, BibTeX, CSV/XLSX). Tidak ada yang dihapus: --all "
        "menyimpan setiap rekaman dengan duplicate_of sehingga jumlah PRISMA dapat disusun ulang. Pasangan yang mirip "
        "tetapi berbeda (DOI, halaman, tahun, erratum…) tidak pernah digabung; --uncertain mencantumkannya untuk "
        "diperiksa manusia.",
    "export files to deduplicate together": "berkas ekspor yang diperiksa duplikatnya bersama-sama",
    "kept records: OUT.csv or OUT.ris": "rekaman yang disimpan: OUT.csv atau OUT.ris",
    "every record with laktasi_group and duplicate_of (.csv or .ris)":
        "setiap rekaman dengan laktasi_group dan duplicate_of (.csv atau .ris)",
    "pairs for a human to check, ranked in clusters, with a verdict column (CSV)":
        "pasangan untuk diperiksa manusia, diurutkan dalam klaster, dengan kolom putusan (CSV)",
    "a reviewer's verdicts (record_id_1, record_id_2, verdict = merge | keep_apart); may be the --uncertain file "
    "itself, which then keeps them on every re-run":
        "putusan peninjau (record_id_1, record_id_2, verdict = merge | keep_apart); boleh berkas --uncertain itu "
        "sendiri, yang lalu menyimpannya pada setiap pengulangan",
    "records of an earlier search of this review (repeatable): kept apart, new records are deduplicated against them "
    "and counted for PRISMA's updated-review template":
        "rekaman pencarian terdahulu tinjauan ini (boleh diulang): dipisahkan, rekaman baru diperiksa duplikatnya "
        "terhadapnya dan dihitung untuk templat tinjauan-pembaruan PRISMA",
    "format of every input (default: detected)": "format setiap masukan (bawaan: dikenali otomatis)",
    "PRISMA 2020 flow diagram (new or updated review; databases/registers and other methods) as SVG, PNG, PDF or "
    "inside a Word document, with Indonesian or English labels, the template's footnotes and source line. COUNTS "
    "may be the PRISMA2020 template as Excel saves it (';' or ',', Windows-1252, 1,056 or 1.056).":
        "Diagram alir PRISMA 2020 (tinjauan baru atau pembaruan; basis data/registri dan metode lain) sebagai SVG, "
        "PNG, PDF atau di dalam dokumen Word, dengan label Indonesia atau Inggris, catatan kaki templat dan baris "
        "sumber. COUNTS boleh templat PRISMA2020 seperti disimpan Excel (';' atau ',', Windows-1252, 1,056 atau 1.056).",
    "counts: PRISMA2020 template .csv or .yaml": "jumlah: templat PRISMA2020 .csv atau .yaml",
    "every record with duplicate_of (review dedup --all)": "setiap rekaman dengan duplicate_of (review dedup --all)",
    "decisions CSV/XLSX (laktasi, Rayyan or ASReview); may be repeated":
        "keputusan CSV/XLSX (laktasi, Rayyan atau ASReview); boleh diulang",
    "stage of Rayyan/ASReview decisions (default: screening; or eligibility)":
        "tahap keputusan Rayyan/ASReview (bawaan: screening; atau eligibility)",
    "diagram file: .svg, .png, .pdf or .docx (may be repeated)":
        "berkas diagram: .svg, .png, .pdf atau .docx (boleh diulang)",
    "show the 'other methods' column (default: when it has a count above 0)":
        "tampilkan kolom 'metode lain' (bawaan: bila ada jumlah di atas 0)",
    "draw the updated-review template with its 'previous studies' column (default: when previous_studies or "
    "previous_reports is above 0)":
        "gambar templat tinjauan-pembaruan dengan kolom 'studi sebelumnya' (bawaan: bila previous_studies atau "
        "previous_reports di atas 0)",
    "also save the computed counts as YAML": "simpan juga jumlah yang dihitung sebagai YAML",
    "updated review: studies included in the previous version (with --records; records of the earlier search come "
    "from `review dedup --previous … --all`)":
        "tinjauan pembaruan: studi yang disertakan pada versi sebelumnya (dengan --records; rekaman pencarian "
        "terdahulu berasal dari `review dedup --previous … --all`)",
    "updated review: reports of the studies included in the previous version":
        "tinjauan pembaruan: laporan studi yang disertakan pada versi sebelumnya",
    "Included-studies table from an extraction CSV/XLSX with columns author, year (or author_year), title, sample, "
    "design, intervention, outcome, results (Indonesian names understood: penulis, tahun, judul, sampel, "
    "desain/metode, intervensi, luaran, hasil).":
        "Tabel studi yang disertakan dari lembar ekstraksi CSV/XLSX dengan kolom penulis, tahun (atau author_year), "
        "judul, sampel, desain/metode, intervensi, luaran, hasil (nama Inggris juga dipahami: author, year, title, "
        "sample, design, intervention, outcome, results).",
    "extraction sheet (.csv or .xlsx)": "lembar ekstraksi (.csv atau .xlsx)",
    "table file: .docx, .xlsx or .csv (may be repeated)": "berkas tabel: .docx, .xlsx atau .csv (boleh diulang)",
    "Screen a labelled set (CSV with title, abstract and a 0/1 label column, as ASReview) in the order the model "
    "proposes, retraining as labels arrive, and report how early the includes were found and where the statistical "
    "stopping rule would have stopped.":
        "Saring set berlabel (CSV dengan judul, abstrak dan kolom label 0/1, seperti ASReview) dalam urutan yang "
        "diusulkan model, dilatih ulang setiap label datang, dan laporkan seberapa awal studi yang disertakan "
        "ditemukan serta di mana aturan berhenti statistik akan berhenti.",
    "CSV/XLSX with title, abstract and a 0/1 label column": "CSV/XLSX dengan judul, abstrak dan kolom label 0/1",
    "the 0/1 column (default label_included; 'included' and 'label' are also tried)":
        "kolom 0/1 (bawaan label_included; 'included' dan 'label' juga dicoba)",
    "included priors (default 1)": "prior yang disertakan (bawaan 1)",
    "excluded priors (default 1)": "prior yang dikeluarkan (bawaan 1)",
    "seed for drawing the priors and breaking ties": "benih untuk mengambil prior dan memecah seri",
    "stopping rule to evaluate (default hypergeometric: Callaghan & Müller-Hansen 2020)":
        "aturan berhenti yang dinilai (bawaan hipergeometrik: Callaghan & Müller-Hansen 2020)",
    "the stopping rule's recall target (default 0.95)": "target recall aturan berhenti (bawaan 0,95)",
    "its confidence level (default 0.95)": "tingkat kepercayaannya (bawaan 0,95)",
    "retrain after every label (0, the default, as ASReview) or after this share of the labelled records (e.g. "
    "0.02: faster, WSS a little lower)":
        "latih ulang setiap satu label (0, bawaan, seperti ASReview) atau setiap proporsi rekaman berlabel ini "
        "(mis. 0,02: lebih cepat, WSS sedikit lebih rendah)",
    "ranking model (default laktasi; asreview = ASReview's default SVM, for comparison)":
        "model pemeringkat (bawaan laktasi; asreview = SVM bawaan ASReview, sebagai pembanding)",
    "Learn from the screening decisions so far (a laktasi, Rayyan or ASReview decisions file) and list the records "
    "not yet screened, most likely includes first, with the stopping rule's verdict.":
        "Belajar dari keputusan penyaringan sejauh ini (berkas keputusan laktasi, Rayyan atau ASReview) dan daftar "
        "rekaman yang belum disaring, yang paling mungkin disertakan lebih dulu, dengan putusan aturan berhenti.",
    "the review's records (any export laktasi reads)": "rekaman tinjauan (ekspor apa pun yang dibaca laktasi)",
    "decisions so far (include/exclude; maybe is ignored)":
        "keputusan sejauh ini (include/exclude; maybe diabaikan)",
    "write the ranking as CSV (rank, record_id, score, title)":
        "tulis peringkat sebagai CSV (rank, record_id, score, title)",
    "rows to print (default 20)": "jumlah baris yang dicetak (bawaan 20)",
    # serve, backup
    "Run the study web app. Data live in LAKTASI_HOME (SQLite) or LAKTASI_DATABASE_URL (PostgreSQL).":
        "Jalankan aplikasi web studi. Data disimpan di LAKTASI_HOME (SQLite) atau LAKTASI_DATABASE_URL (PostgreSQL).",
    "port (default 8000)": "port (bawaan 8000)",
    "address to listen on (default 127.0.0.1); anything else needs LAKTASI_SECRET_KEY and LAKTASI_ALLOWED_HOSTS":
        "alamat yang didengarkan (bawaan 127.0.0.1); selain itu memerlukan LAKTASI_SECRET_KEY dan "
        "LAKTASI_ALLOWED_HOSTS",
    "create a demo study (synthetic data) and print its login":
        "buat studi demo (data sintetis) dan cetak info masuknya",
    "worker threads (default 16; per process with --workers)": "utas pekerja (bawaan 16; per proses dengan --workers)",
    "worker processes (default 1: waitress; more: gunicorn, for a district server)":
        "proses pekerja (bawaan 1: waitress; lebih: gunicorn, untuk server kabupaten)",
    "backup file to write (.sqlite3 for SQLite, .dump for PostgreSQL)":
        "berkas cadangan yang ditulis (.sqlite3 untuk SQLite, .dump untuk PostgreSQL)",
    "backup file written by `laktasi backup`": "berkas cadangan yang ditulis `laktasi backup`",
    "do not ask for confirmation": "jangan minta konfirmasi",
}


def _id(text: str | None) -> str | None:
    if text is None or text == argparse.SUPPRESS:
        return text
    return HELP.get(text) or ARGPARSE.get(text) or text


def translate_parser(parser: argparse.ArgumentParser) -> None:
    """Replace the parser's description and every argument's help with the Indonesian text."""
    parser.description = _id(parser.description)
    parser.epilog = _id(parser.epilog)
    for action in parser._actions:
        action.help = _id(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _id(choice.help)
    for group in parser._action_groups:
        if group.title in ARGPARSE:
            group.title = ARGPARSE[group.title]


@contextlib.contextmanager
def argparse_in_indonesian() -> Iterator[None]:
    """argparse's own messages (usage, errors) in Indonesian while parsing."""
    original = argparse._  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return ARGPARSE.get(message, message)

    argparse._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
