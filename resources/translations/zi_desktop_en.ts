<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>ChoiceControl</name>
    <message>
        <location filename="../../ui/question_panel.py" line="101" />
        <source>Kosongkan jawaban</source>
        <translation>Clear answer</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Tambah %1 bukti dukung ke %2 soal</source>
        <translation>Add %1 evidence items to %2 questions</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="40" />
        <source>Jawaban soal %1: %2</source>
        <translation>Answer to question %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="41" />
        <source>Jawaban TPI soal %1: %2</source>
        <translation>TPI answer to question %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="42" />
        <source>Catatan soal %1</source>
        <translation>Note on question %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="43" />
        <source>Catatan TPI soal %1</source>
        <translation>TPI note on question %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="44" />
        <source>Teks bukti dukung soal %1</source>
        <translation>Evidence text of question %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="48" />
        <source>kosong</source>
        <translation>empty</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="85" />
        <source>Tambah bukti dukung soal %1</source>
        <translation>Add evidence to question %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="102" />
        <source>Hapus bukti dukung soal %1</source>
        <translation>Remove evidence from question %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="120" />
        <source>Konfirmasi syarat pengusulan %1</source>
        <translation>Confirm proposal precondition %1</translation>
    </message>
    <message>
        <location filename="../../ui/commands.py" line="122" />
        <source>Batalkan konfirmasi syarat pengusulan %1</source>
        <translation>Unconfirm proposal precondition %1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/dashboard.py" line="50" />
        <source>Nilai total</source>
        <translation>Total score</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="58" />
        <source>A. Pengungkit</source>
        <translation>A. Enablers (Pengungkit)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="78" />
        <source>B. Hasil</source>
        <translation>B. Results (Hasil)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="87" />
        <source>Birokrasi bersih dan akuntabel</source>
        <translation>Clean and accountable bureaucracy</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="88" />
        <source>IPAK (survei)</source>
        <translation>IPAK (survey)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="89" />
        <source>Capaian kinerja lebih baik</source>
        <translation>Better performance results</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="90" />
        <source>Pelayanan prima (IPKP)</source>
        <translation>Excellent public service (IPKP)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="215" />
        <source>Nilai per komponen dan area terhadap bobot dan syarat</source>
        <translation>Score per component and area against weight and conditions</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="222" />
        <source>Syarat yang belum terpenuhi</source>
        <translation>Conditions not yet met</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="241" />
        <source>Syarat ini tidak dinilai LKE; tim memeriksanya sendiri lalu menandainya. Yang belum ditandai muncul sebagai saran sebelum ekspor.</source>
        <translation>The LKE does not score these; the team checks each one and ticks it. Unticked ones are listed as advice before an export.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="283" />
        <source>Syarat pengusulan Menuju %1 (Tabel 5): %2 dari %3 dikonfirmasi tim</source>
        <translation>Proposal preconditions for Menuju %1 (Table 5): %2 of %3 confirmed by the team</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="311" />
        <source>Penilaian TPI: %1 soal dinilai, %2 berbeda dari jawaban unit · nilai bila jawaban TPI dipakai: %3</source>
        <translation>TPI review: %1 questions assessed, %2 differ from the unit's answers · score with the TPI's answers: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="326" />
        <source>Nilai total menurut aturan resmi (soal yang belum diisi tidak dihitung)</source>
        <translation>Total score by the official rule (unanswered questions are left out)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="328" />
        <source>Predikat tercapai: &lt;b&gt;Menuju %1&lt;/b&gt;</source>
        <translation>Predicate reached: &lt;b&gt;Menuju %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="331" />
        <source>Predikat: &lt;b&gt;belum memenuhi syarat Menuju WBK&lt;/b&gt;</source>
        <translation>Predicate: &lt;b&gt;conditions for Menuju WBK not met yet&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="336" />
        <source>dari 100 · %1 dari %2 soal terjawab (%3 belum) · jika yang belum diisi dihitung 0: %4</source>
        <translation>of 100 · %1 of %2 questions answered (%3 open) · counting unanswered as 0: %4</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="348" />
        <source>Menuju %1</source>
        <translation>Menuju %1</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="350" />
        <source>semua syarat terpenuhi</source>
        <translation>all conditions met</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="358" />
        <source>syarat %1, kurang %2</source>
        <translation>required %1, short by %2</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="387" />
        <source>Menghitung saran…</source>
        <translation>Computing suggestions…</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="393" />
        <source>Perbaiki lebih dulu (menuju %1)</source>
        <translation>Improve first (towards %1)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="397" />
        <source>Tidak ada saran: tidak ada jawaban yang bisa dinaikkan lagi.</source>
        <translation>No suggestions: no answer can be raised any further.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="400" />
        <source>Soal</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="400" />
        <source>poin</source>
        <translation>points</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="402" />
        <source>belum diisi</source>
        <translation>not answered</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ui/dialogs.py" line="23" />
        <source>Terjadi kesalahan tak terduga. Pekerjaan Anda yang sudah tersimpan tetap aman.

Rincian teknis: %1</source>
        <translation>An unexpected error occurred. Your saved work is safe.

Technical details: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="36" />
        <source>ZI Desktop</source>
        <translation>ZI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="60" />
        <source>Pilih berkas bukti dukung</source>
        <translation>Choose evidence files</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>Tambah tautan</source>
        <translation>Add link</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="90" />
        <source>Alamat tautan (mis. https://...):</source>
        <translation>Link address (e.g. https://...):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="103" />
        <source>Nama Anda di riwayat</source>
        <translation>Your name in the history</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="104" />
        <source>Nama yang dicatat di riwayat perubahan workspace ini (mis. Budi - Tim ZI):</source>
        <translation>The name recorded in this workspace's change history (e.g. Budi - ZI team):</translation>
    </message>
</context>
<context>
    <name>EvidenceBox</name>
    <message>
        <source>Menyimpan %1 berkas bukti dukung untuk %2 soal…</source>
        <translation>Saving %1 evidence files for %2 questions…</translation>
    </message>
    <message>
        <source>Lampirkan bukti dari folder</source>
        <translation>Attach evidence from a folder</translation>
    </message>
    <message>
        <source>Pilih folder bukti dukung (nama berkas diawali nomor soal)</source>
        <translation>Choose the evidence folder (file names start with the question number)</translation>
    </message>
    <message>
        <source>%1 berkas akan dilampirkan ke %2 soal (%3), dalam satu langkah yang dapat diurungkan.</source>
        <translation>%1 files will be attached to %2 questions (%3), in one step that can be undone.</translation>
    </message>
    <message>
        <source>%1 berkas tidak dilampirkan karena namanya tidak diawali nomor soal (mis. 7_SK_Tim.pdf atau folder 7).</source>
        <translation>%1 files are not attached because their names do not start with a question number (e.g. 7_SK_Tim.pdf or folder 7).</translation>
    </message>
    <message>
        <source>Lampirkan sekarang?</source>
        <translation>Attach now?</translation>
    </message>
    <message>
        <source>Soal %1:</source>
        <translation>Question %1:</translation>
    </message>
    <message>
        <source>Tidak dilampirkan:</source>
        <translation>Not attached:</translation>
    </message>
    <message>
        <source>Berkas %1 menyebut soal %2, yang tidak ada di LKE ini. Ganti nama berkasnya lalu coba lagi; tidak ada yang dilampirkan.</source>
        <translation>File %1 names question %2, which is not in this LKE. Rename the file and try again; nothing was attached.</translation>
    </message>
    <message>
        <source>Tidak ada berkas di %1 yang namanya diawali nomor soal (mis. 7_SK_Tim.pdf atau folder 7).</source>
        <translation>No file in %1 has a name starting with a question number (e.g. 7_SK_Tim.pdf or folder 7).</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="106" />
        <source>Bukti dukung</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="116" />
        <source>Belum ada bukti dukung. Seret berkas ke sini, atau pakai tombol di bawah.</source>
        <translation>No evidence yet. Drag files here, or use the buttons below.</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="122" />
        <source>Tambah berkas…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="123" />
        <source>Tambah tautan…</source>
        <translation>Add link…</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="124" />
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="125" />
        <source>Hapus</source>
        <translation>Remove</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evidence.py" line="202" />
        <source>Menyimpan %n berkas bukti dukung…</source>
        <translation><numerusform>Saving %n evidence file…</numerusform><numerusform>Saving %n evidence files…</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/evidence.py" line="226" />
        <source>Berkas tidak dapat dibuka: %1</source>
        <translation>The file cannot be opened: %1</translation>
    </message>
</context>
<context>
    <name>EvidenceListModel</name>
    <message>
        <location filename="../../ui/evidence.py" line="91" />
        <source>ditambahkan %1 oleh %2</source>
        <translation>added %1 by %2</translation>
    </message>
</context>
<context>
    <name>LkeTreeModel</name>
    <message>
        <location filename="../../ui/tree_model.py" line="198" />
        <source>Butir LKE</source>
        <translation>LKE item</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="198" />
        <source>Jawaban</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="198" />
        <source>Nilai</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="198" />
        <source>Bobot</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="198" />
        <source>Tanda</source>
        <translation>Marks</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="306" />
        <location filename="../../ui/tree_model.py" line="353" />
        <source>galat</source>
        <translation>error</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="307" />
        <source>belum diisi</source>
        <translation>not answered</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="308" />
        <source>tanpa bukti</source>
        <translation>no evidence</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="309" />
        <source>berubah</source>
        <translation>changed</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="310" />
        <source>beda dengan TPI</source>
        <translation>differs from TPI</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="385" />
        <source>Nilai %1 dari bobot %2; %3 dari %4 butir terjawab</source>
        <translation>Score %1 of weight %2; %3 of %4 items answered</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="392" />
        <source>Bagian bobot sub-area untuk satu butir (bobot sub-area dibagi jumlah butirnya)</source>
        <translation>Share of the sub-area weight for one item (sub-area weight divided by its number of items)</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="396" />
        <source> (isian survei 0–4)</source>
        <translation> (survey score 0–4)</translation>
    </message>
    <message>
        <location filename="../../ui/tree_model.py" line="397" />
        <source>Soal</source>
        <translation>Question</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Lampirkan bukti dari folder…</source>
        <translation>&amp;Attach evidence from a folder…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="348" />
        <source>Workspace &amp;baru…</source>
        <translation>&amp;New workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="349" />
        <source>&amp;Buka workspace…</source>
        <translation>&amp;Open workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="350" />
        <source>Buka &amp;contoh (data demo)</source>
        <translation>Open &amp;example (demo data)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351" />
        <source>&amp;Impor jawaban…</source>
        <translation>&amp;Import answers…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="352" />
        <source>&amp;Ekspor paket…</source>
        <translation>&amp;Export package…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353" />
        <source>Isi &amp;tautan bukti dari CSV…</source>
        <translation>Fill evidence &amp;links from CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="354" />
        <source>&amp;Tutup workspace</source>
        <translation>&amp;Close workspace</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="355" />
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="356" />
        <source>&amp;Urungkan</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357" />
        <source>&amp;Ulangi</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="358" />
        <source>&amp;Cari soal</source>
        <translation>&amp;Find question</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="359" />
        <source>&amp;Nama Anda di riwayat…</source>
        <translation>Your &amp;name in the history…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="360" />
        <source>Soal &amp;berikutnya</source>
        <translation>&amp;Next question</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="361" />
        <source>Soal &amp;sebelumnya</source>
        <translation>&amp;Previous question</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="364" />
        <source>Halaman &amp;soal</source>
        <translation>&amp;Question page</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="365" />
        <source>&amp;Dasbor nilai</source>
        <translation>Score &amp;dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366" />
        <source>&amp;Tentang ZI Desktop</source>
        <translation>&amp;About ZI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384" />
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386" />
        <source>Terakhir dibuka</source>
        <translation>Recent</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391" />
        <source>&amp;Sunting</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="397" />
        <source>&amp;Tampilan</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="401" />
        <source>B&amp;antuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="417" />
        <source>ZI Desktop</source>
        <translation>ZI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="423" />
        <source>%1 · tahun %2 · sasaran Menuju %3 · setiap perubahan tersimpan otomatis</source>
        <translation>%1 · year %2 · target Menuju %3 · every change is saved automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="511" />
        <source>Pilih folder workspace</source>
        <translation>Choose the workspace folder</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="541" />
        <source>Contoh workspace belum tersedia di versi ini.</source>
        <translation>The example workspace is not available in this version.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="583" />
        <source>Tentang ZI Desktop</source>
        <translation>About ZI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="585" />
        <source>ZI Desktop %1
Pengisian dan penilaian LKE Zona Integritas (PermenPANRB 90/2021), luring.</source>
        <translation>ZI Desktop %1
Fill in and score the Zona Integritas LKE (PermenPANRB 90/2021), offline.</translation>
    </message>
</context>
<context>
    <name>NewWorkspaceDialog</name>
    <message>
        <location filename="../../ui/start.py" line="40" />
        <source>Workspace baru</source>
        <translation>New workspace</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="44" />
        <source>mis. KPPN Bandung I</source>
        <translation>e.g. KPPN Bandung I</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="49" />
        <source>Menuju WBK</source>
        <translation>Menuju WBK</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="50" />
        <source>Menuju WBBM</source>
        <translation>Menuju WBBM</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="52" />
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="58" />
        <source>Nama unit kerja</source>
        <translation>Work unit name</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="59" />
        <source>Tahun evaluasi</source>
        <translation>Evaluation year</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="60" />
        <source>Predikat sasaran</source>
        <translation>Target predicate</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="61" />
        <source>Folder workspace</source>
        <translation>Workspace folder</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="63" />
        <source>Buat</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="64" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="78" />
        <source>Pilih folder induk workspace</source>
        <translation>Choose the parent folder of the workspace</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="85" />
        <source>Isi nama unit kerja.</source>
        <translation>Enter the work unit name.</translation>
    </message>
</context>
<context>
    <name>QuestionPanel</name>
    <message>
        <location filename="../../ui/question_panel.py" line="129" />
        <location filename="../../ui/question_panel.py" line="142" />
        <source>belum diisi</source>
        <translation>not answered</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="256" />
        <source>Pilih sebuah soal di pohon LKE di sebelah kiri.</source>
        <translation>Choose a question in the LKE tree on the left.</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="275" />
        <source>Pilih soal di bawah simpul ini di pohon kiri untuk mengisinya.</source>
        <translation>Choose a question under this node in the tree on the left to answer it.</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="286" />
        <source>Soal</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="298" />
        <source>Jawaban unit kerja</source>
        <translation>Work unit's answer</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="301" />
        <source>Catatan unit</source>
        <translation>Unit note</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="302" />
        <source>Penjelasan singkat untuk evaluator…</source>
        <translation>A short explanation for the evaluator…</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="307" />
        <source>Penilaian TPI</source>
        <translation>TPI assessment</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="309" />
        <source>Jawaban TPI</source>
        <translation>TPI answer</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="311" />
        <source>Catatan TPI</source>
        <translation>TPI note</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="312" />
        <source>Catatan Tim Penilai Internal…</source>
        <translation>Note of the internal assessment team…</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="336" />
        <source>Isian jumlah dan persentase yang dihitung</source>
        <translation>Counts and the computed percentage</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="351" />
        <source>soal</source>
        <translation>question</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="358" />
        <source>Hasil perhitungan</source>
        <translation>Computed result</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="363" />
        <source>Bukti dukung disimpan pada soal %1.</source>
        <translation>Evidence is kept with question %1.</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="385" />
        <source>bilangan bulat ≥ 0</source>
        <translation>whole number ≥ 0</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="390" />
        <source>nilai survei 0,00 sampai 4,00</source>
        <translation>survey score 0.00 to 4.00</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="410" />
        <source>— belum dinilai —</source>
        <translation>— not assessed —</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="436" />
        <source>Nilai = skor survei ÷ 4 × bobot %1.</source>
        <translation>Score = survey score ÷ 4 × weight %1.</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="441" />
        <location filename="../../ui/question_panel.py" line="451" />
        <source>Kriteria penilaian</source>
        <translation>Assessment criteria</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="449" />
        <source>Rumus</source>
        <translation>Formula</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="458" />
        <source>Contoh bukti dukung yang diharapkan evaluator</source>
        <translation>Evidence evaluators expect</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="464" />
        <source>Riwayat perubahan</source>
        <translation>Change history</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="510" />
        <source>Nilai %1 dari bobot %2 · %3 dari %4 butir terjawab</source>
        <translation>Score %1 of weight %2 · %3 of %4 items answered</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="542" />
        <source>Persentase yang dihitung · bagian bobot %1</source>
        <translation>Computed percentage · weight share %1</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="544" />
        <source>nilai %1</source>
        <translation>score %1</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="550" />
        <source>Dipakai untuk: %1 → </source>
        <translation>Used for: %1 → </translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="553" />
        <source>Galat: </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="558" />
        <source>belum lengkap</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="566" />
        <source>isian untuk persentase yang dihitung</source>
        <translation>input of a computed percentage</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="575" />
        <source>nilai %1 dari bobot %2</source>
        <translation>score %1 of weight %2</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="578" />
        <source>belum diisi · bagian bobot %1</source>
        <translation>not answered · weight share %1</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="581" />
        <source>nilai %1 dari bagian bobot %2</source>
        <translation>score %1 of weight share %2</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="584" />
        <source>berubah sejak ekspor terakhir</source>
        <translation>changed since the last export</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="595" />
        <source>Belum ada perubahan.</source>
        <translation>No changes yet.</translation>
    </message>
    <message>
        <location filename="../../ui/question_panel.py" line="601" />
        <source>bukti dukung</source>
        <translation>evidence</translation>
    </message>
</context>
<context>
    <name>ScoreBars</name>
    <message>
        <location filename="../../ui/dashboard.py" line="133" />
        <source>syarat Menuju WBK</source>
        <translation>Menuju WBK condition</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="133" />
        <source>syarat Menuju WBBM</source>
        <translation>Menuju WBBM condition</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../ui/start.py" line="106" />
        <source>ZI Desktop</source>
        <translation>ZI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="110" />
        <source>Isi Lembar Kerja Evaluasi Zona Integritas (PermenPANRB 90/2021), lihat nilainya, dan siapkan bukti dukung — tanpa internet.</source>
        <translation>Fill in the Zona Integritas evaluation worksheet (PermenPANRB 90/2021), see its score and prepare evidence — no internet needed.</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="116" />
        <source>Buat workspace baru…</source>
        <translation>Create a new workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="117" />
        <source>Buka workspace…</source>
        <translation>Open a workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="118" />
        <source>Buka contoh (data demo)</source>
        <translation>Open the example (demo data)</translation>
    </message>
    <message>
        <location filename="../../ui/start.py" line="135" />
        <source>Terakhir dibuka (klik dua kali untuk membuka):</source>
        <translation>Recently opened (double-click to open):</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../../ui/tasks.py" line="77" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/tasks.py" line="78" />
        <source>Mohon tunggu</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <location filename="../../ui/transfer.py" line="39" />
        <source>Soal baru terisi: %1</source>
        <translation>Newly answered questions: %1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="40" />
        <source>Soal yang berubah: %1</source>
        <translation>Changed questions: %1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="41" />
        <source>Soal tanpa perubahan: %1</source>
        <translation>Unchanged questions: %1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="45" />
        <source>Contoh perubahan:</source>
        <translation>Some of the changes:</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="46" />
        <source>Soal</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="52" />
        <location filename="../../ui/transfer.py" line="130" />
        <source>… dan %1 lainnya</source>
        <translation>… and %1 more</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="59" />
        <source>Catatan dari berkas (%1):</source>
        <translation>Notes from the file (%1):</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="64" />
        <source>Terapkan jawaban ini ke workspace? Jawaban yang berubah akan diganti.</source>
        <translation>Apply these answers to the workspace? Changed answers will be replaced.</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="72" />
        <location filename="../../ui/transfer.py" line="93" />
        <source>Impor jawaban</source>
        <translation>Import answers</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="73" />
        <source>Jawaban PortalRB atau LKE Excel (*.json *.xlsx *.xlsm);;Semua berkas (*)</source>
        <translation>PortalRB answers or LKE Excel (*.json *.xlsx *.xlsm);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="109" />
        <source>Menerapkan jawaban…</source>
        <translation>Applying answers…</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="112" />
        <source>Membaca berkas jawaban…</source>
        <translation>Reading the answers file…</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="122" />
        <source>Menghalangi pengiriman ke PortalRB (%1):</source>
        <translation>Would block the submission to PortalRB (%1):</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="123" />
        <source>Saran sebelum dikirim (%1):</source>
        <translation>Advisable before submitting (%1):</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="133" />
        <source>Tetap ekspor paket sekarang?</source>
        <translation>Export the package anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="149" />
        <source>Isi tautan bukti dari CSV</source>
        <translation>Fill evidence links from CSV</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="150" />
        <source>Daftar tautan (*.csv *.txt);;Semua berkas (*)</source>
        <translation>Link list (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="166" />
        <source>Soal yang tautan buktinya akan diisi: %1</source>
        <translation>Questions whose evidence links will be filled in: %1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="174" />
        <source>Baris yang tidak cocok (%1):</source>
        <translation>Rows that match nothing (%1):</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="178" />
        <location filename="../../ui/transfer.py" line="181" />
        <source>Isi tautan bukti</source>
        <translation>Fill evidence links</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="180" />
        <source>Terapkan tautan ini?</source>
        <translation>Apply these links?</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="196" />
        <source>Mengisi tautan bukti…</source>
        <translation>Filling in evidence links…</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="199" />
        <source>Membaca daftar tautan…</source>
        <translation>Reading the link list…</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="206" />
        <source>Ekspor paket belum tersedia di versi ini.</source>
        <translation>Exporting a package is not available in this version.</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="142" />
        <location filename="../../ui/transfer.py" line="213" />
        <location filename="../../ui/transfer.py" line="232" />
        <source>Ekspor paket</source>
        <translation>Export package</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="33" />
        <source>tidak cocok dengan soal mana pun</source>
        <translation>matches no question</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="215" />
        <source>Paket ZIP (*.zip)</source>
        <translation>ZIP package (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="233" />
        <source>Paket tersimpan di:
%1</source>
        <translation>Package saved at:
%1</translation>
    </message>
    <message>
        <location filename="../../ui/transfer.py" line="236" />
        <source>Menyusun paket ekspor…</source>
        <translation>Building the export package…</translation>
    </message>
</context>
<context>
    <name>WorkspaceView</name>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <source>Cari teks soal… (Ctrl+F)</source>
        <translation>Search question text… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123" />
        <source>Semua soal</source>
        <translation>All questions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124" />
        <source>Belum diisi</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125" />
        <source>Tanpa bukti dukung</source>
        <translation>Without evidence</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126" />
        <source>Ada galat isian</source>
        <translation>Input errors</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127" />
        <source>Berubah sejak ekspor</source>
        <translation>Changed since export</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128" />
        <source>Jawaban TPI berbeda</source>
        <translation>TPI answer differs</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>Semua area</source>
        <translation>All areas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162" />
        <source>belum diisi</source>
        <translation>not answered</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <source>tanpa bukti</source>
        <translation>no evidence</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164" />
        <source>galat</source>
        <translation>error</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165" />
        <source>berubah sejak ekspor</source>
        <translation>changed since export</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166" />
        <source>beda dengan TPI</source>
        <translation>differs from TPI</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181" />
        <source>Soal</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182" />
        <location filename="../../ui/main_window.py" line="212" />
        <source>Dasbor nilai</source>
        <translation>Score dashboard</translation>
    </message>
</context>
</TS>