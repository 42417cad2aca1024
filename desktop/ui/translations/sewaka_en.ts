<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BackupDialog</name>
    <message>
        <source>Cadangkan data</source>
        <translation>Back up data</translation>
    </message>
    <message>
        <source>&amp;Cadangkan</source>
        <translation>Back &amp;up</translation>
    </message>
    <message>
        <source>&amp;Simpan cadangan ke:</source>
        <translation>&amp;Save backup to:</translation>
    </message>
    <message>
        <source>Simpan cadangan di flashdisk atau komputer lain, bukan hanya di komputer ini. Berkas yang sudah ada tidak akan ditimpa.</source>
        <translation>Keep the backup on a flash drive or another computer, not only on this one. Existing files are never overwritten.</translation>
    </message>
    <message>
        <source>Simpan cadangan sebagai</source>
        <translation>Save backup as</translation>
    </message>
    <message>
        <source>Cadangan Sewaka (*.sqlite3)</source>
        <translation>Sewaka backup (*.sqlite3)</translation>
    </message>
    <message>
        <source>Isi nama berkas cadangan.</source>
        <translation>Enter a name for the backup file.</translation>
    </message>
    <message>
        <source>Mencadangkan data…</source>
        <translation>Backing up data…</translation>
    </message>
    <message>
        <source>Data dicadangkan ke {path}</source>
        <translation>Data backed up to {path}</translation>
    </message>
    <message>
        <source>Berkas {name} sudah ada dan tidak ditimpa. Pilih nama lain.</source>
        <translation>The file {name} already exists and was not overwritten. Choose another name.</translation>
    </message>
    <message>
        <source>Folder {folder} tidak ada. Pilih folder lain.</source>
        <translation>The folder {folder} does not exist. Choose another folder.</translation>
    </message>
    <message>
        <source>Salinan gagal diperiksa dan tidak disimpan. Coba lagi; bila tetap gagal, hubungi operator TI.</source>
        <translation>The copy failed its check and was not kept. Try again; if it keeps failing, contact the IT operator.</translation>
    </message>
    <message>
        <source>Pencadangan gagal. Coba lagi; bila tetap gagal, hubungi operator TI.</source>
        <translation>The backup failed. Try again; if it keeps failing, contact the IT operator.</translation>
    </message>
</context>
<context>
    <name>ClockBar</name>
    <message>
        <source>Jam PC s&amp;udah benar…</source>
        <translation>PC clock is &amp;correct…</translation>
    </message>
    <message>
        <source>Jam PC tertinggal {behind} dari waktu data terakhir yang tercatat ({newest}). Nomor antrean tetap diberikan untuk hari {day}. Betulkan jam PC, atau bila jam PC memang sudah benar, tekan tombol di kanan.</source>
        <translation>The PC clock is {behind} behind the latest recorded data ({newest}). Queue numbers are still issued for {day}. Set the PC clock right, or, if the PC clock really is correct, press the button on the right.</translation>
    </message>
    <message>
        <source>Jam PC sudah benar?</source>
        <translation>Is the PC clock correct?</translation>
    </message>
    <message>
        <source>Jam PC sekarang menunjukkan {now}. Bila itu benar, nomor antrean selanjutnya diberikan menurut jam PC lagi. Tindakan ini dicatat.</source>
        <translation>The PC clock now shows {now}. If that is correct, the next queue numbers will follow the PC clock again. This action is recorded.</translation>
    </message>
    <message>
        <source>Jam PC dikonfirmasi benar.</source>
        <translation>PC clock confirmed as correct.</translation>
    </message>
    <message>
        <source>Konfirmasi jam PC tidak dapat disimpan. Coba lagi.</source>
        <translation>The PC clock confirmation could not be saved. Try again.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Koreksi permohonan {queue}</source>
        <translation>Correct request {queue}</translation>
    </message>
    <message>
        <source>Mis. salah ketik saat pendaftaran</source>
        <translation>E.g. a typing error at registration</translation>
    </message>
    <message>
        <source>NIK {nik} tidak dapat dikoreksi di sini. Bila NIK salah, batalkan permohonan ini dan daftarkan ulang dengan NIK yang benar.</source>
        <translation>The NIK {nik} cannot be corrected here. If the NIK is wrong, cancel this request and register it again with the correct NIK.</translation>
    </message>
    <message>
        <source>&amp;Nama</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Alamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>&amp;RT</source>
        <translation>&amp;RT</translation>
    </message>
    <message>
        <source>R&amp;W</source>
        <translation>R&amp;W</translation>
    </message>
    <message>
        <source>&amp;Dusun</source>
        <translation>&amp;Hamlet</translation>
    </message>
    <message>
        <source>&amp;Telepon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>Berkas</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>&amp;Catatan</source>
        <translation>No&amp;tes</translation>
    </message>
    <message>
        <source>A&amp;lasan koreksi</source>
        <translation>Reason for the &amp;correction</translation>
    </message>
    <message>
        <source>Simpan koreksi (Ctrl+S)</source>
        <translation>Save correction (Ctrl+S)</translation>
    </message>
    <message>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Tulis alasan koreksi.</source>
        <translation>Write the reason for the correction.</translation>
    </message>
    <message>
        <source>Alasan terlalu panjang: paling banyak 500 karakter.</source>
        <translation>The reason is too long: at most 500 characters.</translation>
    </message>
    <message>
        <source>Tidak ada yang diubah.</source>
        <translation>Nothing was changed.</translation>
    </message>
    <message>
        <source>Koreksi belum disimpan. Periksa isian yang ditandai.</source>
        <translation>The correction was not saved. Check the marked fields.</translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <source>Sewaka lain sedang memakai data ini; coba lagi sebentar lagi.
Bila tetap begini, tutup Sewaka lain yang memakai folder data ini (atau mulai ulang komputer). Tidak ada data yang diubah: {path}</source>
        <translation>Another Sewaka is using this data; try again in a moment.
If this persists, close the other Sewaka that uses this data folder (or restart the computer). No data was changed: {path}</translation>
    </message>
    <message>
        <source>Disk penuh: Sewaka tidak dapat menyimpan. Data yang sudah tersimpan aman; yang terakhir ini tidak disimpan.
Kosongkan ruang di disk (hapus berkas yang tidak perlu) lalu coba lagi, atau hubungi operator TI kecamatan. Folder data: {path}</source>
        <translation>Disk full: Sewaka cannot save. Data already saved is safe; this last change was not saved.
Free up disk space (delete files you do not need) and try again, or contact the district IT operator. Data folder: {path}</translation>
    </message>
    <message>
        <source>Berkas data Sewaka kosong atau hilang, padahal folder ini sudah pernah dipakai (ada sisa catatan atau cadangan di sebelahnya). Sewaka tidak membuat data baru di atasnya agar sisa data tidak hilang.</source>
        <translation>The Sewaka data file is empty or missing, although this folder has been used before (there are leftover records or backups next to it). Sewaka will not create new data over it, so that what remains is not lost.</translation>
    </message>
    <message>
        <source>Berkas data Sewaka rusak dan tidak dibuka agar tidak bertambah rusak.</source>
        <translation>The Sewaka data file is damaged and was not opened, to avoid further damage.</translation>
    </message>
    <message>
        <source>Berkas ini bukan berkas data Sewaka.</source>
        <translation>This file is not a Sewaka data file.</translation>
    </message>
    <message>
        <source>Berkas data ini dibuat oleh Sewaka versi yang lebih baru. Perbarui aplikasi Sewaka di komputer ini.</source>
        <translation>This data file was created by a newer version of Sewaka. Update the Sewaka application on this computer.</translation>
    </message>
    <message>
        <source>Berkas data tidak dapat diperbarui ke versi aplikasi ini. Tidak ada data yang diubah.</source>
        <translation>The data file could not be upgraded to this version of the application. No data was changed.</translation>
    </message>
    <message>
        <source>Berkas data Sewaka tidak dapat dibuka.</source>
        <translation>The Sewaka data file could not be opened.</translation>
    </message>
    <message>
        <source>Berkas tidak diubah: {path}
Pulihkan dari cadangan terakhir (folder &apos;backups&apos; di sebelahnya) atau hubungi operator TI kecamatan.</source>
        <translation>The file was not changed: {path}
Restore it from the latest backup (the &apos;backups&apos; folder next to it) or contact the district IT operator.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Daftarkan PC ke server</source>
        <translation>Enrol this PC with the server</translation>
    </message>
    <message>
        <source>Isi alamat server kabupaten/kota dan kode pendaftaran dari petugas IT, atau pindai QR kode pendaftaran dengan pemindai. Satu kode hanya untuk satu PC.</source>
        <translation>Enter the regency/city server address and the enrolment code from the IT operator, or scan the enrolment code&apos;s QR with the scanner. One code is for one PC only.</translation>
    </message>
    <message>
        <source>PC ini sudah terdaftar ke {office} ({code}) di {server}. Daftarkan lagi hanya bila petugas IT memintanya.</source>
        <translation>This PC is already enrolled with {office} ({code}) on {server}. Enrol it again only if the IT operator asks you to.</translation>
    </message>
    <message>
        <source>&amp;Daftarkan</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Alamat &amp;server</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>&amp;Kode pendaftaran</source>
        <translation>Enrolment c&amp;ode</translation>
    </message>
    <message>
        <source>&amp;Nama PC (boleh kosong)</source>
        <translation>PC &amp;name (optional)</translation>
    </message>
    <message>
        <source>Isi alamat server.</source>
        <translation>Enter the server address.</translation>
    </message>
    <message>
        <source>Isi kode pendaftaran, atau pindai QR-nya.</source>
        <translation>Enter the enrolment code, or scan its QR.</translation>
    </message>
    <message>
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <source>PC ini sekarang terdaftar ke {office} ({code}).</source>
        <translation>This PC is now enrolled with {office} ({code}).</translation>
    </message>
    <message numerus="yes">
        <source>%n data yang dibuat sebelum pendaftaran kini tercatat atas kantor ini dan akan dikirim ke server.</source>
        <translation>
            <numerusform>%n record made before enrolment now belongs to this office and will be sent to the server.</numerusform>
            <numerusform>%n records made before enrolment now belong to this office and will be sent to the server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidak ada data lama yang perlu dicatat ulang.</source>
        <translation>There were no earlier records to assign to this office.</translation>
    </message>
    <message>
        <source>&amp;Tutup</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Pendaftaran tidak dapat diselesaikan karena data Sewaka di PC ini belum dapat dibaca atau disimpan. Coba lagi; bila tetap gagal, hubungi petugas IT.</source>
        <translation>Enrolment could not be completed because the Sewaka data on this PC could not be read or saved. Try again; if it keeps failing, contact the IT operator.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Ekspor permohonan</source>
        <translation>Export requests</translation>
    </message>
    <message>
        <source>&amp;Satu hari:</source>
        <translation>&amp;One day:</translation>
    </message>
    <message>
        <source>Se&amp;mua hari</source>
        <translation>&amp;All days</translation>
    </message>
    <message>
        <source>Excel (.xlsx)</source>
        <translation>Excel (.xlsx)</translation>
    </message>
    <message>
        <source>CSV (.csv), UTF-8</source>
        <translation>CSV (.csv), UTF-8</translation>
    </message>
    <message>
        <source>&amp;Ekspor</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>&amp;Berkas:</source>
        <translation>Fi&amp;le:</translation>
    </message>
    <message>
        <source>Permohonan:</source>
        <translation>Requests:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>permohonan-semua</source>
        <translation>requests-all</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Simpan ekspor sebagai</source>
        <translation>Save export as</translation>
    </message>
    <message>
        <source>Isi nama berkas tujuan.</source>
        <translation>Enter the name of the file to save to.</translation>
    </message>
    <message>
        <source>Mengekspor permohonan…</source>
        <translation>Exporting requests…</translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan diekspor ke {path}</source>
        <translation>
            <numerusform>%n request exported to {path}</numerusform>
            <numerusform>%n requests exported to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder {folder} tidak ada. Pilih folder lain.</source>
        <translation>The folder {folder} does not exist. Choose another folder.</translation>
    </message>
    <message>
        <source>Nama berkas harus berakhiran .{ext} untuk format ini.</source>
        <translation>For this format the file name must end in .{ext}.</translation>
    </message>
    <message>
        <source>Ekspor gagal. Coba lagi; bila tetap gagal, hubungi operator TI.</source>
        <translation>The export failed. Try again; if it keeps failing, contact the IT operator.</translation>
    </message>
</context>
<context>
    <name>IdentityOverrideDialog</name>
    <message>
        <source>Data berbeda dengan NIK</source>
        <translation>Details differ from the NIK</translation>
    </message>
    <message>
        <source>Isian berikut berbeda dengan yang tertulis pada NIK. Periksa KTP sekali lagi. Jika KTP memang berbeda, tulis alasannya untuk tetap menyimpan.</source>
        <translation>The following fields differ from what the NIK says. Check the KTP once more. If the KTP really differs, write the reason to save anyway.</translation>
    </message>
    <message>
        <source>&amp;Alasan (wajib, akan tercatat):</source>
        <translation>&amp;Reason (required, will be recorded):</translation>
    </message>
    <message>
        <source>contoh: tanggal lahir di KTP salah cetak</source>
        <translation>e.g. the date of birth on the KTP is misprinted</translation>
    </message>
    <message>
        <source>&amp;Simpan dengan alasan</source>
        <translation>&amp;Save with reason</translation>
    </message>
    <message>
        <source>&amp;Kembali ke formulir</source>
        <translation>&amp;Back to the form</translation>
    </message>
    <message>
        <source>{n}/{max} karakter</source>
        <translation>{n}/{max} characters</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>16 angka, contoh 3273051708850001</source>
        <translation>16 digits, e.g. 3273051708850001</translation>
    </message>
    <message>
        <source>— pilih —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>HH-BB-TTTT</source>
        <translation>DD-MM-YYYY</translation>
    </message>
    <message>
        <source>contoh 0812-3456-7890</source>
        <translation>e.g. 0812-3456-7890</translation>
    </message>
    <message>
        <source>Simpan dan beri nomor antrean (Enter)</source>
        <translation>Save and give a queue number (Enter)</translation>
    </message>
    <message>
        <source>Formulir baru (Ctrl+N)</source>
        <translation>New form (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;NIK</source>
        <translation>&amp;NIK</translation>
    </message>
    <message>
        <source>Na&amp;ma lengkap</source>
        <translation>Full na&amp;me</translation>
    </message>
    <message>
        <source>&amp;Jenis kelamin</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <source>&amp;Tanggal lahir</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>A&amp;lamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>RT / RW</source>
        <translation>RT / RW</translation>
    </message>
    <message>
        <source>Dusun / Banjar / Lingk.</source>
        <translation>Hamlet / Banjar / Neighbourhood</translation>
    </message>
    <message>
        <source>No. &amp;HP/telepon</source>
        <translation>&amp;Phone number</translation>
    </message>
    <message>
        <source>&amp;Layanan</source>
        <translation>Se&amp;rvice</translation>
    </message>
    <message>
        <source>&amp;Berkas dibawa</source>
        <translation>&amp;Documents brought</translation>
    </message>
    <message>
        <source>&amp;Catatan</source>
        <translation>No&amp;tes</translation>
    </message>
    <message>
        <source>— pilih layanan —</source>
        <translation>— choose a service —</translation>
    </message>
    <message>
        <source>{n} dari 16 angka</source>
        <translation>{n} of 16 digits</translation>
    </message>
    <message>
        <source>NIK valid: {summary}</source>
        <translation>Valid NIK: {summary}</translation>
    </message>
    <message>
        <source>Data pemohon diisi dari kunjungan sebelumnya. Periksa kembali.</source>
        <translation>Applicant details were filled in from a previous visit. Please check them.</translation>
    </message>
    <message>
        <source>{n}/{max} karakter</source>
        <translation>{n}/{max} characters</translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Tersimpan. Nomor antrean {queue}, kode lacak {code}.</source>
        <translation>Saved. Queue number {queue}, tracking code {code}.</translation>
    </message>
    <message>
        <source>Belum tersimpan: pemohon ini sudah punya permohonan yang sama hari ini.</source>
        <translation>Not saved: this applicant already has the same request today.</translation>
    </message>
    <message>
        <source>Belum tersimpan; isian tetap ada.</source>
        <translation>Not saved; your entries are kept.</translation>
    </message>
    <message>
        <source>Tanggal lahir diketik {typed}, menurut NIK {nik}.</source>
        <translation>Date of birth typed as {typed}; the NIK says {nik}.</translation>
    </message>
    <message>
        <source>Jenis kelamin dipilih {typed}, menurut NIK {nik}.</source>
        <translation>Sex chosen as {typed}; the NIK says {nik}.</translation>
    </message>
    <message numerus="yes">
        <source>Belum tersimpan: %n isian berbeda dengan NIK. Perbaiki, atau tekan Enter dan tulis alasannya jika KTP memang berbeda.</source>
        <translation>
            <numerusform>Not saved: %n field differs from the NIK. Correct it, or press Enter and write the reason if the KTP really differs.</numerusform>
            <numerusform>Not saved: %n fields differ from the NIK. Correct them, or press Enter and write the reason if the KTP really differs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Belum tersimpan: perbaiki %n isian yang ditandai merah.</source>
        <translation>
            <numerusform>Not saved: fix the %n field marked in red.</numerusform>
            <numerusform>Not saved: fix the %n fields marked in red.</numerusform>
        </translation>
    </message>
    <message>
        <source>Isian yang ditandai sudah diperbaiki. Tekan Enter untuk menyimpan.</source>
        <translation>The marked fields are fixed. Press Enter to save.</translation>
    </message>
    <message>
        <source>Belum tersimpan karena kesalahan sistem; isian tetap ada. Coba lagi.</source>
        <translation>Not saved because of a system error; your entries are kept. Please try again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pendaftaran (F2)</source>
        <translation>Registration (F2)</translation>
    </message>
    <message>
        <source>Daftar permohonan (F3)</source>
        <translation>Requests (F3)</translation>
    </message>
    <message>
        <source>&amp;Pengaturan…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Pengaturan belum dapat dibaca. Coba lagi sebentar lagi.</source>
        <translation>The settings cannot be read yet. Try again in a moment.</translation>
    </message>
    <message>
        <source>Pengaturan tidak dapat disimpan.</source>
        <translation>The settings could not be saved.</translation>
    </message>
    <message>
        <source>Cetak &amp;laporan harian…</source>
        <translation>Print &amp;daily report…</translation>
    </message>
    <message>
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Periksa &amp;struk…</source>
        <translation>Check &amp;receipt…</translation>
    </message>
    <message>
        <source>&amp;Alat</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>&amp;Tampilan</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Ba&amp;ntuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Data kantor belum diisi: struk, laporan dan ekspor ditolak sampai diisi lewat Berkas → Data kantor.</source>
        <translation>The office details are not filled in: receipts, reports and exports are refused until they are filled in under File → Office details.</translation>
    </message>
    <message>
        <source>Sewaka — {place} — LATIHAN</source>
        <translation>Sewaka — {place} — TRAINING</translation>
    </message>
    <message>
        <source>LATIHAN · {place} · Sewaka {version}</source>
        <translation>TRAINING · {place} · Sewaka {version}</translation>
    </message>
    <message>
        <source>Sewaka — {place}</source>
        <translation>Sewaka — {place}</translation>
    </message>
    <message>
        <source>Data Sewaka belum dapat dibuka; Sewaka mencobanya lagi sebentar lagi. Bila tetap gagal, tutup program lain yang memakai folder data yang sama.</source>
        <translation>The Sewaka data cannot be opened yet; Sewaka will try again shortly. If it keeps failing, close other programs that use the same data folder.</translation>
    </message>
    <message>
        <source>Pengaturan tidak dapat dibaca.</source>
        <translation>The settings could not be read.</translation>
    </message>
    <message>
        <source>{queue} terdaftar ({code})</source>
        <translation>{queue} registered ({code})</translation>
    </message>
    <message>
        <source>&amp;Simpan laporan harian sebagai PDF…</source>
        <translation>Save daily report as &amp;PDF…</translation>
    </message>
    <message>
        <source>Printer laporan belum dapat dibaca. Coba lagi sebentar lagi.</source>
        <translation>The report printer cannot be read yet. Try again in a moment.</translation>
    </message>
    <message>
        <source>Laporan harian dikirim ke printer.</source>
        <translation>Daily report sent to the printer.</translation>
    </message>
    <message>
        <source>Laporan harian disimpan: {path}</source>
        <translation>Daily report saved: {path}</translation>
    </message>
    <message>
        <source>Laporan harian gagal dibuat.</source>
        <translation>The daily report could not be made.</translation>
    </message>
    <message>
        <source>Sinkronisasi (F4)</source>
        <translation>Sync (F4)</translation>
    </message>
    <message>
        <source>&amp;Daftarkan PC ke server…</source>
        <translation>&amp;Enrol this PC with the server…</translation>
    </message>
    <message>
        <source>Sin&amp;kronkan sekarang</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>PC ini terdaftar ke {office}.</source>
        <translation>This PC is enrolled with {office}.</translation>
    </message>
</context>
<context>
    <name>OpenRequestDialog</name>
    <message>
        <source>Permohonan yang sama masih berjalan</source>
        <translation>The same request is still open</translation>
    </message>
    <message numerus="yes">
        <source>Pemohon ini sudah punya %n permohonan {service} hari ini yang belum selesai:</source>
        <translation>
            <numerusform>This applicant already has %n unfinished {service} request today:</numerusform>
            <numerusform>This applicant already has %n unfinished {service} requests today:</numerusform>
        </translation>
    </message>
    <message>
        <source>• {queue} · {status} · kode lacak {code}</source>
        <translation>• {queue} · {status} · tracking code {code}</translation>
    </message>
    <message>
        <source>Tetap daftarkan permohonan baru? Enter: kembali ke formulir.</source>
        <translation>Register a new request anyway? Enter: back to the form.</translation>
    </message>
    <message>
        <source>&amp;Kembali ke formulir</source>
        <translation>&amp;Back to the form</translation>
    </message>
    <message>
        <source>&amp;Tetap simpan</source>
        <translation>&amp;Save anyway</translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>Cetak struk (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Pilih printer…</source>
        <translation>Choose printer…</translation>
    </message>
    <message>
        <source>Printer struk belum dapat dibaca. Coba lagi sebentar lagi.</source>
        <translation>The receipt printer cannot be read yet. Try again in a moment.</translation>
    </message>
    <message>
        <source>Mencetak struk…</source>
        <translation>Printing receipt…</translation>
    </message>
    <message>
        <source>Cetak ulang struk {code} dikirim ke printer {printer}.</source>
        <translation>Reprint of receipt {code} sent to printer {printer}.</translation>
    </message>
    <message>
        <source>Struk {code} dikirim ke printer {printer}.</source>
        <translation>Receipt {code} sent to printer {printer}.</translation>
    </message>
    <message>
        <source>Gagal mencetak.</source>
        <translation>Printing failed.</translation>
    </message>
    <message>
        <source>{reason} Permohonan tetap tersimpan. Tekan “Cetak struk” untuk mencoba lagi atau simpan sebagai PDF.</source>
        <translation>{reason} The request is saved. Press “Print receipt” to try again, or save as PDF.</translation>
    </message>
    <message>
        <source>Struk disimpan: {path}</source>
        <translation>Receipt saved: {path}</translation>
    </message>
    <message>
        <source>Berkas PDF tidak dapat disimpan.</source>
        <translation>The PDF file could not be saved.</translation>
    </message>
</context>
<context>
    <name>RequestTableModel</name>
    <message>
        <source>Antrean</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kode lacak</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <source>Nomor antrean hari sebelumnya ({date}), bukan antrean hari ini.</source>
        <translation>Queue number from an earlier day ({date}), not from today&apos;s queue.</translation>
    </message>
    <message>
        <source>⚠ data rusak · {name}</source>
        <translation>⚠ damaged data · {name}</translation>
    </message>
    <message>
        <source>Data rusak: sebagian data permohonan ini tidak terbaca di berkas data. Periksa dengan pemohon sebelum dipakai dan laporkan ke operator TI (sewaka check).</source>
        <translation>Damaged data: part of this request could not be read from the data file. Check with the applicant before using it and report it to the IT operator (sewaka check).</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Cari nama, NIK, kode lacak atau nomor antrean (mis. D1)…</source>
        <translation>Search name, NIK, tracking code or queue number (e.g. D1)…</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Semua layanan</source>
        <translation>All services</translation>
    </message>
    <message>
        <source>Panggil berikutnya (F5)</source>
        <translation>Call next (F5)</translation>
    </message>
    <message>
        <source>Memanggil nomor antrean hari ini berikutnya dari layanan yang dipilih.</source>
        <translation>Calls today&apos;s next queue number for the selected service.</translation>
    </message>
    <message>
        <source>Koreksi (Ctrl+E)</source>
        <translation>Correct (Ctrl+E)</translation>
    </message>
    <message>
        <source>Daftar tidak dapat dibaca; coba lagi.</source>
        <translation>The list could not be read; please try again.</translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan</source>
        <translation>
            <numerusform>%n request</numerusform>
            <numerusform>%n requests</numerusform>
        </translation>
    </message>
    <message>
        <source>Pilih permohonan yang struknya akan dicetak.</source>
        <translation>Select the request whose receipt you want to print.</translation>
    </message>
    <message>
        <source>Rincian tidak dapat dibaca.</source>
        <translation>The details could not be read.</translation>
    </message>
    <message>
        <source>Menunggu: {wait} · Dilayani: {service}</source>
        <translation>Waiting: {wait} · Being served: {service}</translation>
    </message>
    <message>
        <source>Data berbeda dengan NIK, disimpan dengan alasan: {reason}</source>
        <translation>Details differ from the NIK; saved with the reason: {reason}</translation>
    </message>
    <message>
        <source>Tidak ada yang menunggu untuk layanan ini hari ini.</source>
        <translation>No one is waiting for this service today.</translation>
    </message>
    <message>
        <source>Tidak ada yang menunggu hari ini.</source>
        <translation>No one is waiting today.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Permohonan tidak dapat dibaca; coba lagi.</source>
        <translation>The request could not be read; please try again.</translation>
    </message>
    <message>
        <source>{queue}: koreksi disimpan.</source>
        <translation>{queue}: correction saved.</translation>
    </message>
    <message>
        <source>Koreksi tidak dapat disimpan; coba lagi.</source>
        <translation>The correction could not be saved; please try again.</translation>
    </message>
    <message>
        <source>Pemohon: {name} (NIK {nik})</source>
        <translation>Applicant: {name} (NIK {nik})</translation>
    </message>
    <message>
        <source>Kode lacak: {code}</source>
        <translation>Tracking code: {code}</translation>
    </message>
    <message>
        <source>Perkiraan selesai: {date}</source>
        <translation>Estimated completion: {date}</translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <source>diambil oleh {name}</source>
        <translation>picked up by {name}</translation>
    </message>
    <message>
        <source>diambil pemohon sendiri</source>
        <translation>picked up by the applicant in person</translation>
    </message>
    <message>
        <source>Dikoreksi: {fields} · {reason} ({actor})</source>
        <translation>Corrected: {fields} · {reason} ({actor})</translation>
    </message>
    <message>
        <source>Berkas diterima</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Memanggil {queue} — {name}</source>
        <translation>Calling {queue} — {name}</translation>
    </message>
    <message>
        <source>Tidak dapat memanggil; coba lagi.</source>
        <translation>Could not call; please try again.</translation>
    </message>
    <message>
        <source>Alasan (wajib, akan tercatat):</source>
        <translation>Reason (required, will be recorded):</translation>
    </message>
    <message>
        <source>Siapa yang mengambil dokumen? Kosongkan bila {name} sendiri yang mengambil.</source>
        <translation>Who is picking up the documents? Leave empty if {name} is picking them up in person.</translation>
    </message>
    <message>
        <source>{queue}: {status}</source>
        <translation>{queue}: {status}</translation>
    </message>
    <message>
        <source>Status tidak dapat diubah; coba lagi.</source>
        <translation>The status could not be changed; please try again.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Pengaturan kantor</source>
        <translation>Office settings</translation>
    </message>
    <message>
        <source>Printer sistem (antrean cetak Windows/Linux)</source>
        <translation>System printer (Windows/Linux print queue)</translation>
    </message>
    <message>
        <source>Antrean CUPS langsung</source>
        <translation>CUPS queue directly</translation>
    </message>
    <message>
        <source>Printer thermal ESC/POS (perangkat)</source>
        <translation>ESC/POS thermal printer (device)</translation>
    </message>
    <message>
        <source>Tanpa printer: simpan PDF saja</source>
        <translation>No printer: save PDF only</translation>
    </message>
    <message>
        <source>Kosongkan untuk printer bawaan. ESC/POS: mis. /dev/usb/lp0 atau cups:POS58</source>
        <translation>Leave empty for the default printer. ESC/POS: e.g. /dev/usb/lp0 or cups:POS58</translation>
    </message>
    <message>
        <source>Gulungan 58 mm</source>
        <translation>58 mm roll</translation>
    </message>
    <message>
        <source>Gulungan 80 mm</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Cetak struk otomatis setelah disimpan</source>
        <translation>Print the receipt automatically after saving</translation>
    </message>
    <message>
        <source>Perubahan bahasa berlaku setelah Sewaka dibuka ulang.</source>
        <translation>A language change takes effect after Sewaka is restarted.</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Sebutan &amp;wilayah</source>
        <translation>Area &amp;type</translation>
    </message>
    <message>
        <source>&amp;Nama desa/kelurahan</source>
        <translation>&amp;Village name</translation>
    </message>
    <message>
        <source>Ke&amp;camatan</source>
        <translation>&amp;District</translation>
    </message>
    <message>
        <source>Ka&amp;bupaten/kota</source>
        <translation>&amp;Regency/city</translation>
    </message>
    <message>
        <source>&amp;Alamat kantor</source>
        <translation>Office &amp;address</translation>
    </message>
    <message>
        <source>&amp;Telepon kantor</source>
        <translation>Office ph&amp;one</translation>
    </message>
    <message>
        <source>Nama &amp;kepala</source>
        <translation>&amp;Head&apos;s name</translation>
    </message>
    <message>
        <source>&amp;Jabatan kepala</source>
        <translation>Head&apos;s t&amp;itle</translation>
    </message>
    <message>
        <source>&amp;Zona waktu</source>
        <translation>Time &amp;zone</translation>
    </message>
    <message>
        <source>Logo untuk kop laporan: Berkas → Data kantor.</source>
        <translation>Logo for the report letterhead: File → Office details.</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Ba&amp;hasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Struk</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>&amp;Printer struk</source>
        <translation>Receipt &amp;printer</translation>
    </message>
    <message>
        <source>Nama printer/pe&amp;rangkat</source>
        <translation>Printer/devi&amp;ce name</translation>
    </message>
    <message>
        <source>K&amp;ertas struk</source>
        <translation>Receipt pap&amp;er</translation>
    </message>
    <message>
        <source>&amp;Daftarkan PC ke server…</source>
        <translation>E&amp;nrol this PC with the server…</translation>
    </message>
    <message>
        <source>Server kabupaten/kota</source>
        <translation>Regency/city server</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>&amp;Data kantor…</source>
        <translation>&amp;Office details…</translation>
    </message>
    <message>
        <source>Data kantor disimpan.</source>
        <translation>Office details saved.</translation>
    </message>
    <message>
        <source>Data kantor belum dapat dibaca. Coba lagi sebentar lagi.</source>
        <translation>The office details cannot be read yet. Try again in a moment.</translation>
    </message>
    <message>
        <source>Data kantor</source>
        <translation>Office details</translation>
    </message>
    <message>
        <source>&amp;Lanjut &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Kembali</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Nama dan alamat kantor seperti tertulis di kop surat.</source>
        <translation>The office&apos;s name and address as written on its letterhead.</translation>
    </message>
    <message>
        <source>mis. Sukamaju</source>
        <translation>e.g. Sukamaju</translation>
    </message>
    <message>
        <source>mis. Kabupaten Bandung</source>
        <translation>e.g. Kabupaten Bandung</translation>
    </message>
    <message>
        <source>mis. (022) 7801234 (boleh kosong)</source>
        <translation>e.g. (022) 7801234 (optional)</translation>
    </message>
    <message>
        <source>&amp;Sebutan wilayah</source>
        <translation>Area &amp;type</translation>
    </message>
    <message>
        <source>&amp;Nama desa/kelurahan</source>
        <translation>&amp;Village name</translation>
    </message>
    <message>
        <source>Ke&amp;camatan</source>
        <translation>&amp;District</translation>
    </message>
    <message>
        <source>Ka&amp;bupaten/kota</source>
        <translation>&amp;Regency/city</translation>
    </message>
    <message>
        <source>&amp;Alamat kantor</source>
        <translation>Office &amp;address</translation>
    </message>
    <message>
        <source>&amp;Telepon kantor</source>
        <translation>Office ph&amp;one</translation>
    </message>
    <message>
        <source>Kepala kantor dan zona waktu</source>
        <translation>Head of office and time zone</translation>
    </message>
    <message>
        <source>Nama dan jabatan ini tercetak di tempat tanda tangan laporan harian.</source>
        <translation>This name and title are printed in the signature block of the daily report.</translation>
    </message>
    <message>
        <source>mis. H. Ahmad Suryana</source>
        <translation>e.g. H. Ahmad Suryana</translation>
    </message>
    <message>
        <source>&amp;Nama kepala</source>
        <translation>&amp;Head&apos;s name</translation>
    </message>
    <message>
        <source>&amp;Jabatan</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>&amp;Zona waktu</source>
        <translation>Time &amp;zone</translation>
    </message>
    <message>
        <source>Kantor banjar di Bali memakai WITA.</source>
        <translation>Banjar offices in Bali use WITA.</translation>
    </message>
    <message>
        <source>Data kantor tidak dapat disimpan: {error}</source>
        <translation>The office details could not be saved: {error}</translation>
    </message>
    <message>
        <source>Logo (boleh dilewati)</source>
        <translation>Logo (optional)</translation>
    </message>
    <message>
        <source>Logo kabupaten/kota untuk kop laporan: PNG atau JPEG, paling besar 2 MB.</source>
        <translation>The regency/city logo for the report letterhead: PNG or JPEG, at most 2 MB.</translation>
    </message>
    <message>
        <source>Tanpa logo baru</source>
        <translation>No new logo</translation>
    </message>
    <message>
        <source>Logo sekarang dipakai; pilih untuk menggantinya</source>
        <translation>The current logo is in use; choose a file to replace it</translation>
    </message>
    <message>
        <source>&amp;Pilih berkas…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <source>&amp;Berkas logo</source>
        <translation>&amp;Logo file</translation>
    </message>
    <message>
        <source>Pilih logo</source>
        <translation>Choose logo</translation>
    </message>
    <message>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <source>Pintasan keyboard</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Tombol</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Fungsi</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Di halaman</source>
        <translation>On page</translation>
    </message>
    <message>
        <source>Semua pekerjaan di loket bisa dilakukan dengan keyboard:</source>
        <translation>All work at the counter can be done with the keyboard:</translation>
    </message>
    <message>
        <source>Semua</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sinkronisasi dengan server: klik untuk rincian (F4).</source>
        <translation>Sync with the server: click for details (F4).</translation>
    </message>
    <message>
        <source>Sinkronisasi: memeriksa…</source>
        <translation>Sync: checking…</translation>
    </message>
    <message>
        <source>Latihan: tidak disinkronkan</source>
        <translation>Training: not synced</translation>
    </message>
    <message>
        <source>Belum terdaftar</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>Ditolak server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Belum tersambung</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <source>%n menunggu</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>semua terkirim</source>
        <translation>all sent</translation>
    </message>
    <message numerus="yes">
        <source>%n perlu perhatian</source>
        <translation>
            <numerusform>%n needs attention</numerusform>
            <numerusform>%n need attention</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>&amp;Daftarkan PC ke server…</source>
        <translation>&amp;Enrol this PC with the server…</translation>
    </message>
    <message>
        <source>Server kabupaten/kota</source>
        <translation>Regency/city server</translation>
    </message>
    <message>
        <source>Pendaftaran</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <source>Sambungan</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Sinkronisasi lengkap terakhir</source>
        <translation>Last full sync</translation>
    </message>
    <message>
        <source>Antrean kirim</source>
        <translation>Send queue</translation>
    </message>
    <message>
        <source>Pencocokan</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Sinkronkan &amp;sekarang</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <source>&amp;Lihat</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>&amp;Kirim ulang</source>
        <translation>&amp;Resend</translation>
    </message>
    <message>
        <source>Kirim lagi data yang perlu perhatian pada sinkronisasi berikutnya.</source>
        <translation>Send the record that needs attention again in the next sync.</translation>
    </message>
    <message>
        <source>Terdaftar: {office} ({code}) · {server}</source>
        <translation>Enrolled: {office} ({code}) · {server}</translation>
    </message>
    <message>
        <source>&amp;Daftarkan ulang…</source>
        <translation>&amp;Enrol again…</translation>
    </message>
    <message>
        <source>PC ini belum terdaftar ke server.</source>
        <translation>This PC is not enrolled with a server yet.</translation>
    </message>
    <message>
        <source>Belum pernah</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Menunggu dikirim: {pending} · Terkirim, belum dikonfirmasi: {sent} · Ada di server: {confirmed} · Perlu perhatian: {attention}</source>
        <translation>Waiting to be sent: {pending} · Sent, not yet confirmed: {sent} · On the server: {confirmed} · Needs attention: {attention}</translation>
    </message>
    <message>
        <source>Belum ada server</source>
        <translation>No server yet</translation>
    </message>
    <message>
        <source>Data di server sama dengan data di PC ini.</source>
        <translation>The data on the server matches the data on this PC.</translation>
    </message>
    <message>
        <source>Belum dicocokkan: masih ada yang belum di server.</source>
        <translation>Not reconciled: some data is not on the server yet.</translation>
    </message>
    <message>
        <source>Belum terdaftar</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>Belum tersambung</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>sedang sinkronisasi…</source>
        <translation>syncing…</translation>
    </message>
    <message>
        <source>coba lagi {time}</source>
        <translation>retrying at {time}</translation>
    </message>
    <message>
        <source>Jam PC berbeda {difference} dari jam server (jam PC terlambat). Betulkan jam PC: waktu pada data dan struk memakai jam PC.</source>
        <translation>The PC clock differs from the server clock by {difference} (the PC clock is slow). Set the PC clock right: the times on records and receipts come from the PC clock.</translation>
    </message>
    <message>
        <source>Jam PC berbeda {difference} dari jam server (jam PC terlalu cepat). Betulkan jam PC: waktu pada data dan struk memakai jam PC.</source>
        <translation>The PC clock differs from the server clock by {difference} (the PC clock is fast). Set the PC clock right: the times on records and receipts come from the PC clock.</translation>
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Sinkronisasi tidak dapat dijalankan: data Sewaka di PC ini belum dapat dibaca. Coba lagi sebentar lagi.</source>
        <translation>Sync could not run: the Sewaka data on this PC cannot be read yet. Try again in a moment.</translation>
    </message>
    <message numerus="yes">
        <source>%n data terkirim</source>
        <translation>
            <numerusform>%n record sent</numerusform>
            <numerusform>%n records sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sudah ada di server</source>
        <translation>
            <numerusform>%n already on the server</numerusform>
            <numerusform>%n already on the server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dikirim ulang karena belum ada di server</source>
        <translation>
            <numerusform>%n resent because it was not on the server</numerusform>
            <numerusform>%n resent because they were not on the server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n perubahan diterima dari server</source>
        <translation>
            <numerusform>%n change received from the server</numerusform>
            <numerusform>%n changes received from the server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ditolak (lihat Perlu perhatian)</source>
        <translation>
            <numerusform>%n rejected (see Needs attention)</numerusform>
            <numerusform>%n rejected (see Needs attention)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sinkronisasi tidak berjalan.</source>
        <translation>Sync did not run.</translation>
    </message>
    <message>
        <source>Sinkronisasi belum selesai: {parts}.</source>
        <translation>Sync not finished: {parts}.</translation>
    </message>
    <message>
        <source>Sinkronisasi selesai: {parts}.</source>
        <translation>Sync finished: {parts}.</translation>
    </message>
    <message>
        <source>Semua data PC ini sudah ada di server.</source>
        <translation>All of this PC&apos;s data is on the server.</translation>
    </message>
    <message numerus="yes">
        <source>%n data masih menunggu dikirim.</source>
        <translation>
            <numerusform>%n record is still waiting to be sent.</numerusform>
            <numerusform>%n records are still waiting to be sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidak ada data.</source>
        <translation>No records.</translation>
    </message>
    <message numerus="yes">
        <source>%n data terbaru ditampilkan.</source>
        <translation>
            <numerusform>The newest %n record is shown.</numerusform>
            <numerusform>The newest %n records are shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n data, terbaru di atas.</source>
        <translation>
            <numerusform>%n record, newest first.</numerusform>
            <numerusform>%n records, newest first.</numerusform>
        </translation>
    </message>
    <message>
        <source>{label} dikirim ulang pada sinkronisasi berikutnya.</source>
        <translation>{label} will be resent in the next sync.</translation>
    </message>
    <message>
        <source>{label} tidak dapat dikirim ulang.</source>
        <translation>{label} cannot be resent.</translation>
    </message>
</context>
<context>
    <name>SyncRecordModel</name>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Percobaan</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>VerifyReceiptDialog</name>
    <message>
        <source>Periksa struk</source>
        <translation>Check receipt</translation>
    </message>
    <message>
        <source>Pindai QR struk di sini, atau buka gambar/PDF</source>
        <translation>Scan the receipt QR here, or open an image/PDF</translation>
    </message>
    <message>
        <source>Buka gambar…</source>
        <translation>Open image…</translation>
    </message>
    <message>
        <source>Teks QR (pemindai USB mengetik di sini):</source>
        <translation>QR text (a USB scanner types here):</translation>
    </message>
    <message>
        <source>Gambar atau PDF struk</source>
        <translation>Receipt image or PDF</translation>
    </message>
    <message>
        <source>Gambar/PDF (*.png *.jpg *.jpeg *.pdf)</source>
        <translation>Image/PDF (*.png *.jpg *.jpeg *.pdf)</translation>
    </message>
    <message>
        <source>Berkas terlalu besar untuk diperiksa. Foto atau pindai ulang struknya dengan resolusi lebih kecil, atau potong bagian kode QR-nya.</source>
        <translation>The file is too large to check. Photograph or scan the receipt again at a lower resolution, or crop it to the QR code.</translation>
    </message>
    <message>
        <source>Berkas tidak dapat dibaca.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>TIDAK ADA DI DATA: tanda tangan struk {code} (dikeluarkan {time}) cocok, tetapi kode lacak ini tidak ada dalam data kantor ini. Jangan layani berdasarkan struk ini; tanyakan operator TI.</source>
        <translation>NOT IN THE DATA: the signature of receipt {code} (issued {time}) matches, but this tracking code is not in this office&apos;s data. Do not serve anyone on the strength of this receipt; ask the IT operator.</translation>
    </message>
    <message>
        <source>ASLI, tetapi permohonan ini DITOLAK: struk {code}, dikeluarkan {time}.</source>
        <translation>GENUINE, but this request was REJECTED: receipt {code}, issued {time}.</translation>
    </message>
    <message>
        <source>ASLI, tetapi permohonan ini DIBATALKAN: struk {code}, dikeluarkan {time}.</source>
        <translation>GENUINE, but this request was CANCELLED: receipt {code}, issued {time}.</translation>
    </message>
    <message>
        <source>ASLI: struk {code}, dikeluarkan {time}.</source>
        <translation>GENUINE: receipt {code}, issued {time}.</translation>
    </message>
    <message>
        <source>Status sekarang: {status}.</source>
        <translation>Current status: {status}.</translation>
    </message>
    <message>
        <source>PALSU: isi struk diubah atau tanda tangannya tidak cocok.</source>
        <translation>FORGED: the receipt was changed or its signature does not match.</translation>
    </message>
    <message>
        <source>Struk dari kantor lain, bukan dari kantor ini.</source>
        <translation>A receipt from another office, not from this one.</translation>
    </message>
    <message>
        <source>Struk dari versi Sewaka yang tidak dikenal.</source>
        <translation>A receipt from an unknown version of Sewaka.</translation>
    </message>
    <message>
        <source>QR tidak terbaca atau bukan struk Sewaka.</source>
        <translation>The QR is unreadable or not a Sewaka receipt.</translation>
    </message>
</context>
<context>
    <name>_FileJobDialog</name>
    <message>
        <source>&amp;Pilih…</source>
        <translation>&amp;Browse…</translation>
    </message>
</context>
<context>
    <name>_ResultPanel</name>
    <message>
        <source>Nomor antrean</source>
        <translation>Queue number</translation>
    </message>
    <message>
        <source>{service}
{name} · NIK {nik}
Kode lacak: {code}
Perkiraan selesai: {date}</source>
        <translation>{service}
{name} · NIK {nik}
Tracking code: {code}
Estimated completion: {date}</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>Jumlah permohonan harus lebih dari 0.</source>
        <translation>The number of requests must be greater than 0.</translation>
    </message>
    <message>
        <source>Jumlah hari harus lebih dari 0.</source>
        <translation>The number of days must be greater than 0.</translation>
    </message>
    <message>
        <source>Data latihan dibuat: {n} permohonan selama {d} hari.</source>
        <translation>Practice data created: {n} requests over {d} days.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: {error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>{n} permohonan diekspor ke {path}</source>
        <translation>{n} requests exported to {path}</translation>
    </message>
    <message>
        <source>tanggal tidak valid: {text!r} (gunakan YYYY-MM-DD)</source>
        <translation>invalid date: {text!r} (use YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Tanggal {date} belum tiba (hari ini {today}). Laporan harian hanya untuk hari ini atau hari yang sudah lewat.</source>
        <translation>The date {date} has not come yet (today is {today}). A daily report can only be made for today or a past day.</translation>
    </message>
    <message>
        <source>Laporan harian {date} disimpan ke {path}</source>
        <translation>Daily report {date} saved to {path}</translation>
    </message>
    <message>
        <source>Membuat data latihan… {p}%</source>
        <translation>Creating practice data… {p}%</translation>
    </message>
    <message>
        <source>Pengaturan {key} tidak dikenal atau tidak dapat diubah. Kunci: {keys}</source>
        <translation>The setting {key} is unknown or cannot be changed. Keys: {keys}</translation>
    </message>
    <message>
        <source>Pengaturan {key} disimpan.</source>
        <translation>Setting {key} saved.</translation>
    </message>
    <message>
        <source>Data kantor lengkap: {place} siap melayani.</source>
        <translation>Office details complete: {place} is ready to serve.</translation>
    </message>
    <message>
        <source>Data kantor yang belum diisi: {fields}</source>
        <translation>Office details not filled in yet: {fields}</translation>
    </message>
    <message>
        <source>Berkas {path} sudah ada dan tidak ditimpa. Pilih nama lain.</source>
        <translation>The file {path} already exists and was not overwritten. Choose another name.</translation>
    </message>
    <message>
        <source>Folder {folder} tidak ada. Buat foldernya dulu atau pilih folder lain.</source>
        <translation>The folder {folder} does not exist. Create it first or choose another folder.</translation>
    </message>
    <message>
        <source>Salinan gagal diperiksa dan tidak disimpan. Coba lagi.</source>
        <translation>The copy failed its check and was not kept. Try again.</translation>
    </message>
    <message>
        <source>Data dicadangkan ke {path}</source>
        <translation>Data backed up to {path}</translation>
    </message>
    <message>
        <source>Format {format} tidak cocok dengan nama berkas {name}. Beri nama berkas berakhiran .{format} atau pilih format lain.</source>
        <translation>The format {format} does not match the file name {name}. Give the file a name ending in .{format}, or choose another format.</translation>
    </message>
    <message>
        <source>Format berkas {name} tidak dikenal. Beri nama berakhiran .xlsx atau .csv, atau pilih --format xlsx atau csv.</source>
        <translation>The format of the file {name} is unknown. Use a name ending in .xlsx or .csv, or choose --format xlsx or csv.</translation>
    </message>
    <message>
        <source>Nama berkas {name} tidak berakhiran .pdf. Beri nama berkas berakhiran .pdf.</source>
        <translation>The file name {name} does not end in .pdf. Give the file a name ending in .pdf.</translation>
    </message>
    <message>
        <source>Data kantor belum diisi. Isi lewat Berkas → Data kantor, atau `sewaka settings set ...`.</source>
        <translation>The office details are not filled in yet. Fill them in under File → Office details, or with `sewaka settings set ...`.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: itu tautan (symlink), bukan berkas biasa. Sewaka tidak menulis lewat tautan dan tidak menggantinya. Pilih nama berkas lain.</source>
        <translation>Cannot write {path}: it is a link (symlink), not a regular file. Sewaka does not write through links or replace them. Choose another file name.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: itu sebuah folder. Beri nama berkas di dalam folder itu.</source>
        <translation>Cannot write {path}: it is a folder. Give a file name inside that folder.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: itu perangkat, bukan berkas. Sewaka hanya menyimpan ke berkas biasa. Pilih nama berkas lain.</source>
        <translation>Cannot write {path}: it is a device, not a file. Sewaka only saves to regular files. Choose another file name.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: itu bukan berkas biasa (misalnya pipa atau soket). Sewaka hanya menyimpan ke berkas biasa. Pilih nama berkas lain.</source>
        <translation>Cannot write {path}: it is not a regular file (for example, a pipe or socket). Sewaka only saves to regular files. Choose another file name.</translation>
    </message>
    <message>
        <source>Tidak dapat menulis {path}: disk penuh, berkas tidak disimpan. Kosongkan ruang disk atau simpan ke tempat lain, lalu coba lagi.</source>
        <translation>Cannot write {path}: the disk is full; the file was not saved. Free up disk space or save somewhere else, then try again.</translation>
    </message>
    <message>
        <source>{w} x {h} piksel</source>
        <translation>{w} x {h} pixels</translation>
    </message>
    <message>
        <source>{mp} juta piksel</source>
        <translation>{mp} megapixels</translation>
    </message>
    <message>
        <source>{mb} MB</source>
        <translation>{mb} MB</translation>
    </message>
    <message>
        <source>Berkas terlalu besar untuk diperiksa ({size}); paling besar {mp} juta piksel dan {max_mb} MB. Foto atau pindai ulang struknya dengan resolusi lebih kecil, atau potong bagian kode QR-nya.</source>
        <translation>The file is too large to check ({size}); the limit is {mp} megapixels and {max_mb} MB. Photograph or scan the receipt again at a lower resolution, or crop it to the QR code.</translation>
    </message>
    <message>
        <source>Kode lacak tidak ditemukan: {code}</source>
        <translation>Tracking code not found: {code}</translation>
    </message>
    <message>
        <source>Struk {code} disimpan ke {path}</source>
        <translation>Receipt {code} saved to {path}</translation>
    </message>
    <message>
        <source>Kunci publik tidak valid.</source>
        <translation>The public key is not valid.</translation>
    </message>
    <message>
        <source>Struk TIDAK SAH: tanda tangan tidak cocok. Struk ini palsu atau isinya telah diubah.</source>
        <translation>Receipt NOT VALID: the signature does not match. This receipt is forged or its content was changed.</translation>
    </message>
    <message>
        <source>Struk ini diterbitkan oleh kantor lain ({office}), bukan kantor ini. Periksa di kantor yang menerbitkannya.</source>
        <translation>This receipt was issued by another office ({office}), not this one. Check it at the office that issued it.</translation>
    </message>
    <message>
        <source>Struk ini dibuat oleh versi Sewaka yang tidak dikenal. Perbarui aplikasi Sewaka lalu periksa lagi.</source>
        <translation>This receipt was made by an unknown version of Sewaka. Update Sewaka and check again.</translation>
    </message>
    <message>
        <source>Tidak terbaca sebagai struk Sewaka: tidak ada kode QR struk pada teks, gambar, atau PDF ini.</source>
        <translation>Not readable as a Sewaka receipt: there is no receipt QR code in this text, image or PDF.</translation>
    </message>
    <message>
        <source>Tanda tangan struk cocok, tetapi kode lacak {code} tidak ada dalam data kantor ini. Jangan layani berdasarkan struk ini; tanyakan operator TI (mungkin data dipulihkan dari cadangan lama).</source>
        <translation>The receipt&apos;s signature matches, but the tracking code {code} is not in this office&apos;s data. Do not serve anyone on the strength of this receipt; ask the IT operator (the data may have been restored from an old backup).</translation>
    </message>
    <message>
        <source>Struk SAH, tetapi permohonan ini DITOLAK. Kode lacak: {code}</source>
        <translation>Receipt VALID, but this request was REJECTED. Tracking code: {code}</translation>
    </message>
    <message>
        <source>Struk SAH, tetapi permohonan ini DIBATALKAN. Kode lacak: {code}</source>
        <translation>Receipt VALID, but this request was CANCELLED. Tracking code: {code}</translation>
    </message>
    <message>
        <source>Struk SAH. Kode lacak: {code}</source>
        <translation>Receipt VALID. Tracking code: {code}</translation>
    </message>
    <message>
        <source>Status permohonan: {status}</source>
        <translation>Request status: {status}</translation>
    </message>
    <message>
        <source>Kantor: {office}</source>
        <translation>Office: {office}</translation>
    </message>
    <message>
        <source>Berkas data utuh (PRAGMA integrity_check: ok).</source>
        <translation>The data file is intact (PRAGMA integrity_check: ok).</translation>
    </message>
    <message>
        <source>Antrean kirim: {entries} entri menunggu diperiksa, {rows} baris data dibandingkan.</source>
        <translation>Send queue: pending entries checked: {entries}; data rows compared: {rows}.</translation>
    </message>
    <message>
        <source>Tidak ada data yang rusak.</source>
        <translation>No damaged data.</translation>
    </message>
    <message>
        <source>isi entri tidak terbaca</source>
        <translation>the entry content cannot be read</translation>
    </message>
    <message>
        <source>isi entri sudah tidak terbaca sebelum diberi checksum</source>
        <translation>the entry content was already unreadable before it was given a checksum</translation>
    </message>
    <message>
        <source>isi entri tidak cocok dengan checksum-nya</source>
        <translation>the entry content does not match its checksum</translation>
    </message>
    <message>
        <source>kolom entri tidak cocok dengan isinya</source>
        <translation>the entry columns do not match its content</translation>
    </message>
    <message>
        <source>baris data yang dijelaskan entri ini tidak ada</source>
        <translation>the data row this entry describes does not exist</translation>
    </message>
    <message>
        <source>baris data berbeda dari versi yang tercatat</source>
        <translation>the data row differs from the recorded version</translation>
    </message>
    <message>
        <source>ada versi baris data yang tidak tercatat di antrean kirim</source>
        <translation>a version of the data row is not recorded in the send queue</translation>
    </message>
    <message>
        <source>DATA RUSAK ditemukan:</source>
        <translation>DAMAGED DATA found:</translation>
    </message>
    <message>
        <source>- {entity} {id} versi {version}: {reason}</source>
        <translation>- {entity} {id} version {version}: {reason}</translation>
    </message>
    <message>
        <source> (kolom: {columns})</source>
        <translation> (columns: {columns})</translation>
    </message>
    <message>
        <source>{n} entri antrean kirim dikarantina: tidak akan dikirim ke server.</source>
        <translation>Send queue entries quarantined: {n}. They will not be sent to the server.</translation>
    </message>
    <message>
        <source>{n} entri sudah dikarantina oleh pemeriksaan sebelumnya.</source>
        <translation>Entries already quarantined by an earlier check: {n}.</translation>
    </message>
    <message>
        <source>Pulihkan dari cadangan terakhir yang baik (folder &apos;backups&apos;) atau hubungi operator TI kecamatan; jangan hapus berkas data.</source>
        <translation>Restore from the latest good backup (the &apos;backups&apos; folder) or contact the district IT operator; do not delete the data file.</translation>
    </message>
    <message>
        <source>Jam PC dikonfirmasi benar ({now}); nomor antrean kembali mengikuti jam PC. Konfirmasi ini dicatat.</source>
        <translation>PC clock confirmed as correct ({now}); queue numbers follow the PC clock again. This confirmation is recorded.</translation>
    </message>
    <message>
        <source>Jam PC tidak tertinggal dari data tercatat.</source>
        <translation>The PC clock is not behind the recorded data.</translation>
    </message>
    <message>
        <source>Jam PC ({now}) tertinggal {behind} dari waktu data terakhir yang tercatat ({newest}). Nomor antrean tetap diberikan pada hari data terakhir. Betulkan jam PC; bila jam PC memang benar, jalankan: sewaka clock confirm</source>
        <translation>The PC clock ({now}) is {behind} behind the latest recorded data ({newest}). Queue numbers are still issued for the day of the latest data. Set the PC clock right; if the PC clock really is correct, run: sewaka clock confirm</translation>
    </message>
    <message>
        <source>PC ini terdaftar ke {office} ({code}) di server {url}.</source>
        <translation>This PC is enrolled with {office} ({code}) on the server {url}.</translation>
    </message>
    <message>
        <source>{n} data yang dicatat sebelum pendaftaran kini tercatat atas kantor ini.</source>
        <translation>Records made before enrolment that now belong to this office: {n}.</translation>
    </message>
    <message>
        <source>Kirim data sekarang dengan: sewaka sync --once</source>
        <translation>Send the data now with: sewaka sync --once</translation>
    </message>
    <message>
        <source>Sinkronisasi dihentikan.</source>
        <translation>Sync stopped.</translation>
    </message>
    <message>
        <source>Dikirim: {pushed} (sudah ada di server: {duplicates}), ditolak: {rejected}, diambil dari server: {pulled}, dikirim ulang: {resent}.</source>
        <translation>Sent: {pushed} (already on the server: {duplicates}), rejected: {rejected}, received from the server: {pulled}, resent: {resent}.</translation>
    </message>
    <message>
        <source>Menunggu dikirim: {pending}, perlu perhatian: {quarantined}.</source>
        <translation>Waiting to be sent: {pending}, needing attention: {quarantined}.</translation>
    </message>
    <message>
        <source>Tersinkron penuh: server memegang persis data PC ini.</source>
        <translation>Fully synced: the server holds exactly this PC&apos;s data.</translation>
    </message>
    <message>
        <source>Belum tersinkron penuh.</source>
        <translation>Not fully synced yet.</translation>
    </message>
    <message>
        <source>Ada data yang perlu perhatian: lihat halaman Sinkronisasi atau hubungi petugas IT.</source>
        <translation>Some records need attention: see the Sync page or contact the IT operator.</translation>
    </message>
    <message>
        <source>Jam PC ini tertinggal {minutes} menit dari jam server. Betulkan jam PC.</source>
        <translation>This PC&apos;s clock is {minutes} min behind the server clock. Set the PC clock right.</translation>
    </message>
    <message>
        <source>Jam PC ini lebih cepat {minutes} menit dari jam server. Betulkan jam PC.</source>
        <translation>This PC&apos;s clock is {minutes} min ahead of the server clock. Set the PC clock right.</translation>
    </message>
    <message>
        <source>Diterbitkan: {time}</source>
        <translation>Issued: {time}</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <source>&amp;Ekspor permohonan…</source>
        <translation>&amp;Export requests…</translation>
    </message>
    <message>
        <source>&amp;Cadangkan data…</source>
        <translation>&amp;Back up data…</translation>
    </message>
    <message>
        <source>Pengaturan kantor tidak dapat dibaca.</source>
        <translation>The office settings cannot be read.</translation>
    </message>
    <message>
        <source>Timpa berkas?</source>
        <translation>Overwrite the file?</translation>
    </message>
    <message>
        <source>Berkas {name} sudah ada. Timpa dengan ekspor baru?</source>
        <translation>The file {name} already exists. Overwrite it with the new export?</translation>
    </message>
</context>
<context>
    <name>help_dialog</name>
    <message>
        <source>&amp;Pintasan keyboard</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Formulir baru (kosongkan isian)</source>
        <translation>New form (clear the fields)</translation>
    </message>
    <message>
        <source>Cetak struk</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cari</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Pendaftaran</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Pindah ke isian berikutnya</source>
        <translation>Go to the next field</translation>
    </message>
    <message>
        <source>Kembali ke isian sebelumnya</source>
        <translation>Go back to the previous field</translation>
    </message>
    <message>
        <source>Spasi</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Centang atau hapus centang dokumen persyaratan</source>
        <translation>Tick or untick a required document</translation>
    </message>
    <message>
        <source>Simpan permohonan dan beri nomor antrean</source>
        <translation>Save the request and give a queue number</translation>
    </message>
    <message>
        <source>Baris baru di catatan</source>
        <translation>New line in the notes</translation>
    </message>
    <message>
        <source>Tutup daftar pilihan atau dialog</source>
        <translation>Close a drop-down list or dialog</translation>
    </message>
    <message>
        <source>(tanpa keterangan)</source>
        <translation>(no description)</translation>
    </message>
</context>
<context>
    <name>office</name>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Sebutan wilayah</source>
        <translation>Area type</translation>
    </message>
    <message>
        <source>Nama desa/kelurahan</source>
        <translation>Village name</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District (kecamatan)</translation>
    </message>
    <message>
        <source>Kabupaten/kota</source>
        <translation>Regency/city</translation>
    </message>
    <message>
        <source>Alamat kantor</source>
        <translation>Office address</translation>
    </message>
    <message>
        <source>Telepon kantor</source>
        <translation>Office phone</translation>
    </message>
    <message>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Nama kepala desa/lurah</source>
        <translation>Name of the village head</translation>
    </message>
    <message>
        <source>Jabatan kepala</source>
        <translation>Title of the head</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Catatan kaki struk</source>
        <translation>Receipt footer</translation>
    </message>
    <message>
        <source>Folder latihan</source>
        <translation>Training folder</translation>
    </message>
    <message>
        <source>Data kantor lengkap</source>
        <translation>Office details complete</translation>
    </message>
    <message>
        <source>WIB — Waktu Indonesia Barat (UTC+7): Sumatra, Jawa, Kalbar, Kalteng</source>
        <translation>WIB — Western Indonesia Time (UTC+7): Sumatra, Java, West and Central Kalimantan</translation>
    </message>
    <message>
        <source>WITA — Waktu Indonesia Tengah (UTC+8): Bali, Nusa Tenggara, Sulawesi, Kaltim</source>
        <translation>WITA — Central Indonesia Time (UTC+8): Bali, Nusa Tenggara, Sulawesi, East Kalimantan</translation>
    </message>
    <message>
        <source>WIT — Waktu Indonesia Timur (UTC+9): Maluku, Papua</source>
        <translation>WIT — Eastern Indonesia Time (UTC+9): Maluku, Papua</translation>
    </message>
    <message>
        <source>{field} wajib diisi.</source>
        <translation>{field} is required.</translation>
    </message>
    <message>
        <source>{field} terlalu panjang (paling banyak {n} huruf).</source>
        <translation>{field} is too long (at most {n} characters).</translation>
    </message>
    <message>
        <source>{field} hanya berisi angka (boleh dengan spasi, tanda -, + atau kurung), contoh (022) 7801234.</source>
        <translation>{field} may only hold digits (with spaces, -, + or brackets), for example (022) 7801234.</translation>
    </message>
    <message>
        <source>Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).</source>
        <translation>The time zone must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).</translation>
    </message>
    <message>
        <source>Bahasa harus id (Bahasa Indonesia) atau en (English).</source>
        <translation>The language must be id (Bahasa Indonesia) or en (English).</translation>
    </message>
    <message>
        <source>{field} berisi karakter yang tidak dapat dicetak (karakter kendali atau tak terlihat, biasanya terbawa saat menempel teks). Hapus lalu ketik ulang.</source>
        <translation>{field} contains characters that cannot be printed (control or invisible characters, usually carried over when pasting text). Delete them and type the text again.</translation>
    </message>
    <message>
        <source>{field} harus ya atau tidak.</source>
        <translation>{field} must be yes or no.</translation>
    </message>
    <message>
        <source>{field} harus satu baris.</source>
        <translation>{field} must be a single line.</translation>
    </message>
    <message>
        <source>Berkas logo tidak ditemukan atau tidak dapat dibaca.</source>
        <translation>The logo file was not found or cannot be read.</translation>
    </message>
    <message>
        <source>Berkas logo terlalu besar (paling besar {mb} MB).</source>
        <translation>The logo file is too large (at most {mb} MB).</translation>
    </message>
    <message>
        <source>Gambar logo terlalu besar (paling besar {px} x {px} piksel).</source>
        <translation>The logo image is too large (at most {px} x {px} pixels).</translation>
    </message>
    <message>
        <source>Berkas logo bukan gambar PNG atau JPEG yang utuh.</source>
        <translation>The logo file is not a complete PNG or JPEG image.</translation>
    </message>
    <message>
        <source>Data kantor belum diisi. Isi lewat Berkas → Data kantor, atau `sewaka settings set ...`.</source>
        <translation>The office details are not filled in yet. Fill them in under File → Office details, or with `sewaka settings set ...`.</translation>
    </message>
    <message numerus="yes">
        <source>Folder data ini berisi %n permohonan sungguhan; data latihan tidak dicampur dengan data sungguhan.</source>
        <translation>
            <numerusform>This data folder holds %n real request; training data is never mixed with real data.</numerusform>
            <numerusform>This data folder holds %n real requests; training data is never mixed with real data.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder data ini milik kantor yang sudah diatur untuk pelayanan sungguhan; data latihan tidak dicampur dengan data sungguhan.</source>
        <translation>This data folder belongs to an office set up for real service; training data is never mixed with real data.</translation>
    </message>
    <message>
        <source>Buat folder latihan tersendiri, misalnya: sewaka --data-dir ~/sewaka-latihan seed-demo</source>
        <translation>Make a separate training folder, for example: sewaka --data-dir ~/sewaka-latihan seed-demo</translation>
    </message>
</context>
<context>
    <name>paper</name>
    <message>
        <source>&lt; 1 menit</source>
        <translation>&lt; 1 min</translation>
    </message>
    <message>
        <source>{minutes} menit</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} jam</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{hours} jam {minutes} menit</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Kecamatan {district}</source>
        <translation>{district} District</translation>
    </message>
    <message>
        <source>Telp. {phone}</source>
        <translation>Tel. {phone}</translation>
    </message>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Dilayani</source>
        <translation>Being served</translation>
    </message>
    <message>
        <source>Ditunda</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Selesai, siap diambil</source>
        <translation>Done, ready for pickup</translation>
    </message>
    <message>
        <source>Sudah diambil</source>
        <translation>Picked up</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>LATIHAN</source>
        <translation>TRAINING</translation>
    </message>
    <message>
        <source>LATIHAN – bukan dokumen resmi</source>
        <translation>TRAINING – not an official document</translation>
    </message>
</context>
<context>
    <name>print</name>
    <message>
        <source>Belum ada printer yang dipilih atau printer tidak tersambung.</source>
        <translation>No printer chosen yet, or the printer is not connected.</translation>
    </message>
    <message>
        <source>Printer tidak ditemukan.</source>
        <translation>Printer not found.</translation>
    </message>
    <message>
        <source>Komputer ini tidak diizinkan memakai printer tersebut.</source>
        <translation>This computer is not allowed to use that printer.</translation>
    </message>
    <message>
        <source>Layanan cetak menolak pekerjaan ini.</source>
        <translation>The print service refused this job.</translation>
    </message>
    <message>
        <source>Printer terputus saat mencetak.</source>
        <translation>The printer disconnected while printing.</translation>
    </message>
    <message>
        <source>Kertas printer habis.</source>
        <translation>The printer is out of paper.</translation>
    </message>
    <message>
        <source>Printer sedang dipakai program lain.</source>
        <translation>The printer is in use by another program.</translation>
    </message>
    <message>
        <source>Printer tidak menjawab.</source>
        <translation>The printer does not answer.</translation>
    </message>
    <message>
        <source>Layanan cetak (CUPS) tidak terpasang.</source>
        <translation>The print service (CUPS) is not installed.</translation>
    </message>
    <message>
        <source>Berkas PDF tidak dapat disimpan.</source>
        <translation>The PDF file could not be saved.</translation>
    </message>
    <message>
        <source>Gagal mencetak.</source>
        <translation>Printing failed.</translation>
    </message>
    <message>
        <source>Simpan sebagai PDF</source>
        <translation>Save as PDF</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <source>NOMOR ANTREAN</source>
        <translation>QUEUE NUMBER</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Berkas diterima</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <source>Perkiraan selesai</source>
        <translation>Expected completion</translation>
    </message>
    <message>
        <source>Kode lacak</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <source>Pindai kode QR untuk melihat status permohonan.</source>
        <translation>Scan the QR code to see the status of your request.</translation>
    </message>
    <message>
        <source>CETAK ULANG</source>
        <translation>REPRINT</translation>
    </message>
    <message>
        <source>Dicetak ulang</source>
        <translation>Reprinted</translation>
    </message>
    <message>
        <source>Status saat ini</source>
        <translation>Status now</translation>
    </message>
    <message>
        <source>Permohonan ini tidak akan diselesaikan.</source>
        <translation>This request will not be completed.</translation>
    </message>
    <message>
        <source>Simpan struk ini. Lacak permohonan dengan kode di atas.</source>
        <translation>Keep this receipt. Track your request with the code above.</translation>
    </message>
    <message>
        <source>TANDA TERIMA PERMOHONAN</source>
        <translation>REQUEST RECEIPT</translation>
    </message>
    <message>
        <source>Nomor antrean</source>
        <translation>Queue number</translation>
    </message>
    <message>
        <source>Dokumen diterima</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <source>Tidak ada dokumen yang diterima.</source>
        <translation>No documents were received.</translation>
    </message>
    <message>
        <source>LEMBAR PEMOHON</source>
        <translation>APPLICANT&apos;S COPY</translation>
    </message>
    <message>
        <source>LEMBAR ARSIP KANTOR</source>
        <translation>OFFICE ARCHIVE COPY</translation>
    </message>
    <message>
        <source>potong di sini</source>
        <translation>cut here</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>Laporan Harian Pelayanan</source>
        <translation>Daily Service Report</translation>
    </message>
    <message>
        <source>LAPORAN HARIAN</source>
        <translation>DAILY REPORT</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Dibuat</source>
        <translation>Generated</translation>
    </message>
    <message>
        <source>Permohonan hari ini</source>
        <translation>Requests today</translation>
    </message>
    <message>
        <source>Melewati standar waktu</source>
        <translation>Past the service standard</translation>
    </message>
    <message>
        <source>Sisa dari hari sebelumnya</source>
        <translation>Left from earlier days</translation>
    </message>
    <message>
        <source>Permohonan hari ini per layanan dan status</source>
        <translation>Today&apos;s requests by service and status</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Rata-rata waktu per layanan</source>
        <translation>Average times per service</translation>
    </message>
    <message>
        <source>Rata-rata tunggu: permohonan yang sudah mulai dilayani. Rata-rata dilayani: permohonan yang sudah selesai dilayani.</source>
        <translation>Average wait: requests whose service has begun. Average service: requests whose service has ended.</translation>
    </message>
    <message>
        <source>Tunggu</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Dilayani</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Rata-rata tunggu</source>
        <translation>Average wait</translation>
    </message>
    <message>
        <source>Rata-rata dilayani</source>
        <translation>Average service</translation>
    </message>
    <message>
        <source>Rata-rata waktu</source>
        <translation>Average times</translation>
    </message>
    <message>
        <source>Grafik</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Permohonan per layanan</source>
        <translation>Requests per service</translation>
    </message>
    <message>
        <source>Permohonan per status</source>
        <translation>Requests per status</translation>
    </message>
    <message>
        <source>Sisa permohonan dari hari sebelumnya (belum selesai)</source>
        <translation>Requests left from earlier days (still open)</translation>
    </message>
    <message>
        <source>Permohonan yang didaftarkan sebelum tanggal laporan dan masih terbuka. Tidak termasuk dalam angka hari ini.</source>
        <translation>Requests registered before the report&apos;s date and still open. Not included in today&apos;s figures.</translation>
    </message>
    <message>
        <source>Tidak ada sisa permohonan dari hari sebelumnya.</source>
        <translation>No requests are left from earlier days.</translation>
    </message>
    <message>
        <source>Terlama sejak</source>
        <translation>Oldest from</translation>
    </message>
    <message>
        <source>Permohonan yang melewati standar waktu</source>
        <translation>Requests past the service standard</translation>
    </message>
    <message>
        <source>Tidak ada permohonan yang melewati standar waktu.</source>
        <translation>No request is past its service standard.</translation>
    </message>
    <message>
        <source>No. antrean</source>
        <translation>Queue no.</translation>
    </message>
    <message>
        <source>Kode lacak</source>
        <translation>Tracking code</translation>
    </message>
    <message>
        <source>Nama pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Janji selesai</source>
        <translation>Promised for</translation>
    </message>
    <message>
        <source>Terlambat (hari)</source>
        <translation>Days late</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tidak ada permohonan pada hari ini.</source>
        <translation>No requests on this day.</translation>
    </message>
    <message>
        <source>Halaman {page} dari {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Mengetahui,</source>
        <translation>Acknowledged by,</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Dilayani</source>
        <translation>Being served</translation>
    </message>
    <message>
        <source>Ditunda</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Selesai, siap diambil</source>
        <translation>Done, ready for pickup</translation>
    </message>
    <message>
        <source>Sudah diambil</source>
        <translation>Picked up</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Kembalikan ke antrean</source>
        <translation>Return to queue</translation>
    </message>
    <message>
        <source>Panggil</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Layani</source>
        <translation>Serve</translation>
    </message>
    <message>
        <source>Tunda</source>
        <translation>Put on hold</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Diambil pemohon</source>
        <translation>Picked up by applicant</translation>
    </message>
    <message>
        <source>Tolak</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Batalkan</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>NIK wajib diisi.</source>
        <translation>NIK is required.</translation>
    </message>
    <message>
        <source>NIK hanya berisi angka.</source>
        <translation>NIK may contain digits only.</translation>
    </message>
    <message>
        <source>NIK harus 16 angka.</source>
        <translation>NIK must be 16 digits.</translation>
    </message>
    <message>
        <source>NIK harus 16 angka; yang diketik lebih panjang.</source>
        <translation>NIK must be 16 digits; what was typed is longer.</translation>
    </message>
    <message>
        <source>Dua angka pertama NIK bukan kode provinsi.</source>
        <translation>The first two digits of the NIK are not a province code.</translation>
    </message>
    <message>
        <source>Kode kabupaten/kota pada NIK (angka 3-4) tidak boleh 00.</source>
        <translation>The regency/city code in the NIK (digits 3-4) cannot be 00.</translation>
    </message>
    <message>
        <source>Kode kecamatan pada NIK (angka 5-6) tidak boleh 00.</source>
        <translation>The district code in the NIK (digits 5-6) cannot be 00.</translation>
    </message>
    <message>
        <source>Tanggal lahir pada NIK (angka 7-12) tidak ada di kalender.</source>
        <translation>The birth date in the NIK (digits 7-12) is not a real calendar date.</translation>
    </message>
    <message>
        <source>Tanggal lahir pada NIK ada di masa depan.</source>
        <translation>The birth date in the NIK is in the future.</translation>
    </message>
    <message>
        <source>Nomor urut NIK (4 angka terakhir) tidak boleh 0000.</source>
        <translation>The NIK serial number (last 4 digits) cannot be 0000.</translation>
    </message>
    <message>
        <source>lahir {date}</source>
        <translation>born {date}</translation>
    </message>
    <message>
        <source>NIK sementara</source>
        <translation>temporary NIK</translation>
    </message>
    <message>
        <source>wilayah {code}</source>
        <translation>area {code}</translation>
    </message>
    <message>
        <source>Pilih jenis kelamin.</source>
        <translation>Choose a sex.</translation>
    </message>
    <message>
        <source>Pilih layanan.</source>
        <translation>Choose a service.</translation>
    </message>
    <message>
        <source>Wajib diisi.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>Terlalu panjang: paling banyak {n} karakter.</source>
        <translation>Too long: at most {n} characters.</translation>
    </message>
    <message>
        <source>Alasan beda dengan NIK berisi karakter yang tidak dapat dicetak ({char}). Hapus lalu ketik ulang.</source>
        <translation>The reason for differing from the NIK contains a character that cannot be printed ({char}). Delete it and type the text again.</translation>
    </message>
    <message>
        <source>Nama hanya boleh berisi huruf, spasi, titik, koma, - dan &apos;.</source>
        <translation>Names may contain only letters, spaces, full stops, commas, - and &apos;.</translation>
    </message>
    <message>
        <source>Tanggal tidak valid. Tulis seperti 17-08-1985.</source>
        <translation>Invalid date. Write it like 17-08-1985.</translation>
    </message>
    <message>
        <source>Tanggal lahir tidak boleh di masa depan.</source>
        <translation>The birth date cannot be in the future.</translation>
    </message>
    <message>
        <source>Tahun lahir terlalu lama; periksa kembali.</source>
        <translation>The birth year is too far in the past; please check it.</translation>
    </message>
    <message>
        <source>Isi dengan angka 1-999.</source>
        <translation>Enter a number from 1 to 999.</translation>
    </message>
    <message>
        <source>Nomor telepon tidak valid. Contoh: 0812-3456-7890.</source>
        <translation>Invalid phone number. Example: 0812-3456-7890.</translation>
    </message>
    <message>
        <source>Layanan tidak dikenal.</source>
        <translation>Unknown service.</translation>
    </message>
    <message>
        <source>Tidak sesuai dengan tanggal lahir pada NIK.</source>
        <translation>Does not match the birth date in the NIK.</translation>
    </message>
    <message>
        <source>Tidak sesuai dengan jenis kelamin pada NIK.</source>
        <translation>Does not match the sex in the NIK.</translation>
    </message>
    <message>
        <source>Alasan beda dengan NIK terlalu panjang: paling banyak {n} karakter.</source>
        <translation>The reason for differing from the NIK is too long: at most {n} characters.</translation>
    </message>
    <message>
        <source>Berisi karakter yang tidak dapat ditampilkan atau dicetak, biasanya terbawa saat menempel teks. Hapus lalu ketik ulang.</source>
        <translation>Contains characters that cannot be displayed or printed, usually carried over when pasting text. Delete them and type the text again.</translation>
    </message>
    <message>
        <source>Berisi karakter yang tidak dapat ditampilkan atau dicetak ({char}), biasanya terbawa saat menempel teks. Hapus lalu ketik ulang.</source>
        <translation>Contains a character that cannot be displayed or printed ({char}), usually carried over when pasting text. Delete it and type the text again.</translation>
    </message>
    <message>
        <source>Alasan wajib diisi untuk status “{status}”.</source>
        <translation>A reason is required for the status “{status}”.</translation>
    </message>
    <message>
        <source>Alasan terlalu panjang.</source>
        <translation>The reason is too long.</translation>
    </message>
    <message>
        <source>Alasan berisi karakter yang tidak dapat dicetak (karakter kendali atau tak terlihat). Hapus lalu ketik ulang.</source>
        <translation>The reason contains characters that cannot be printed (control or invisible characters). Delete them and type the text again.</translation>
    </message>
    <message>
        <source>Nama pengambil berisi karakter yang tidak dapat dicetak (karakter kendali atau tak terlihat). Hapus lalu ketik ulang.</source>
        <translation>The name of the person picking up contains characters that cannot be printed (control or invisible characters). Delete them and type the text again.</translation>
    </message>
    <message>
        <source>Nama pengambil terlalu panjang: paling banyak 100 karakter.</source>
        <translation>The name of the person picking up is too long: at most 100 characters.</translation>
    </message>
    <message>
        <source>Permohonan berstatus “{current}” tidak dapat diubah menjadi “{target}”.</source>
        <translation>A request with status “{current}” cannot be changed to “{target}”.</translation>
    </message>
    <message numerus="yes">
        <source>%n hari</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n jam</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n menit</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>nama</source>
        <translation>name</translation>
    </message>
    <message>
        <source>alamat</source>
        <translation>address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>dusun</source>
        <translation>hamlet</translation>
    </message>
    <message>
        <source>telepon</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>berkas</source>
        <translation>documents</translation>
    </message>
    <message>
        <source>catatan</source>
        <translation>notes</translation>
    </message>
    <message>
        <source>Menunggu dikirim</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Terkirim, belum dikonfirmasi</source>
        <translation>Sent, not yet confirmed</translation>
    </message>
    <message>
        <source>Ada di server</source>
        <translation>On the server</translation>
    </message>
    <message>
        <source>Perlu perhatian</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Data penduduk</source>
        <translation>Resident data</translation>
    </message>
    <message>
        <source>Permohonan</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Perubahan status</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>Koreksi permohonan</source>
        <translation>Request correction</translation>
    </message>
    <message>
        <source>baru</source>
        <translation>new</translation>
    </message>
    <message>
        <source>diubah</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>dihapus</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>PC ini belum terdaftar ke server. Data tetap tersimpan di PC ini dan dikirim setelah PC didaftarkan.</source>
        <translation>This PC is not enrolled with a server yet. The data stays saved on this PC and is sent once the PC is enrolled.</translation>
    </message>
    <message>
        <source>Ini folder latihan (LATIHAN): datanya tidak pernah dikirim ke server.</source>
        <translation>This is a training folder (TRAINING): its data is never sent to the server.</translation>
    </message>
    <message>
        <source>Server tidak dapat dihubungi. Data tetap tersimpan di PC ini dan dikirim otomatis setelah sambungan kembali.</source>
        <translation>The server cannot be reached. The data stays saved on this PC and is sent automatically once the connection is back.</translation>
    </message>
    <message>
        <source>Server sedang bermasalah. Sewaka mencoba lagi otomatis.</source>
        <translation>The server is having problems. Sewaka retries automatically.</translation>
    </message>
    <message>
        <source>Server sedang sibuk dan meminta PC ini menunggu. Sewaka mencoba lagi otomatis.</source>
        <translation>The server is busy and asked this PC to wait. Sewaka retries automatically.</translation>
    </message>
    <message>
        <source>Server tidak lagi mengenali PC ini (pendaftarannya dicabut atau tidak dikenal). Data tetap tersimpan di PC ini. Minta petugas IT mendaftarkan PC ini lagi.</source>
        <translation>The server no longer recognises this PC (its enrolment was revoked or is unknown). The data stays saved on this PC. Ask the IT operator to enrol this PC again.</translation>
    </message>
    <message>
        <source>Server menolak permintaan PC ini (mungkin versi Sewaka di PC ini terlalu lama). Hubungi petugas IT.</source>
        <translation>The server refused this PC&apos;s request (the Sewaka version on this PC may be too old). Contact the IT operator.</translation>
    </message>
    <message>
        <source>Data Sewaka di PC ini sedang sibuk atau tidak dapat dibaca; Sewaka mencoba lagi sebentar lagi.</source>
        <translation>The Sewaka data on this PC is busy or cannot be read; Sewaka will try again shortly.</translation>
    </message>
    <message>
        <source>Alamat server tidak valid. Tulis lengkap dengan http:// atau https://, mis. https://sewaka.kabupaten.go.id</source>
        <translation>The server address is not valid. Write it in full with http:// or https://, e.g. https://sewaka.kabupaten.go.id</translation>
    </message>
    <message>
        <source>Kode pendaftaran tidak sesuai bentuknya: 16 huruf/angka dalam 4 kelompok, mis. K7QM-2XPA-9FJD-LC4T.</source>
        <translation>The enrolment code is not in the right form: 16 letters/digits in 4 groups, e.g. K7QM-2XPA-9FJD-LC4T.</translation>
    </message>
    <message>
        <source>Server tidak mengenal kode ini, atau kodenya sudah kedaluwarsa. Periksa ketikannya, atau minta kode baru ke petugas IT kabupaten/kota.</source>
        <translation>The server does not know this code, or the code has expired. Check what you typed, or ask the regency/city IT operator for a new code.</translation>
    </message>
    <message>
        <source>Kode ini sudah dipakai untuk mendaftarkan PC lain. Satu kode hanya untuk satu PC: minta kode baru ke petugas IT kabupaten/kota.</source>
        <translation>This code has already been used to enrol another PC. One code is for one PC only: ask the regency/city IT operator for a new code.</translation>
    </message>
    <message>
        <source>Server telah mencabut akses PC ini. Hubungi petugas IT kabupaten/kota: PC yang dicabut tidak dapat didaftarkan lagi dengan kode baru.</source>
        <translation>The server has revoked this PC&apos;s access. Contact the regency/city IT operator: a revoked PC cannot be enrolled again with a new code.</translation>
    </message>
    <message>
        <source>Server tidak dapat dihubungi. Periksa alamat server dan sambungan internet, lalu coba lagi.</source>
        <translation>The server cannot be reached. Check the server address and the internet connection, then try again.</translation>
    </message>
    <message>
        <source>Server sedang bermasalah. Coba lagi beberapa saat lagi.</source>
        <translation>The server is having problems. Try again in a little while.</translation>
    </message>
    <message>
        <source>PC ini sudah terdaftar ke kantor lain. Data kantor itu tidak boleh tercampur: hubungi petugas IT.</source>
        <translation>This PC is already enrolled with another office. That office&apos;s data must not be mixed with this one&apos;s: contact the IT operator.</translation>
    </message>
    <message>
        <source>Folder latihan (LATIHAN) tidak dapat didaftarkan ke server.</source>
        <translation>A training folder (TRAINING) cannot be enrolled with a server.</translation>
    </message>
    <message>
        <source>Server menolak data ini: isiannya tidak memenuhi aturan. Hubungi petugas IT.</source>
        <translation>The server rejected this record: its fields do not meet the rules. Contact the IT operator.</translation>
    </message>
    <message>
        <source>Server sudah menyimpan versi data ini dengan isi yang berbeda. Hubungi petugas IT.</source>
        <translation>The server already holds this version of the record with different contents. Contact the IT operator.</translation>
    </message>
    <message>
        <source>Data ini tercatat atas kantor lain, bukan kantor tempat PC ini terdaftar. Hubungi petugas IT.</source>
        <translation>This record belongs to another office, not the office this PC is enrolled with. Contact the IT operator.</translation>
    </message>
    <message>
        <source>Data ini dibuat oleh PC lain; server hanya menerimanya dari PC pembuatnya.</source>
        <translation>This record was made on another PC; the server accepts it only from the PC that made it.</translation>
    </message>
    <message>
        <source>Keterangan data ini (versi atau waktunya) tidak sesuai dengan isinya. Hubungi petugas IT.</source>
        <translation>This record&apos;s details (its version or time) do not match its contents. Contact the IT operator.</translation>
    </message>
    <message>
        <source>Layanan permohonan ini belum dikenal server. Setelah petugas IT menambahkannya di server, tekan Kirim ulang.</source>
        <translation>The server does not know this request&apos;s service yet. Once the IT operator has added it on the server, press Resend.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: isinya tidak terbaca. Tidak dikirim.</source>
        <translation>Damaged data on this PC: its contents cannot be read. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: sudah tidak terbaca sebelum diberi tanda periksa. Tidak dikirim.</source>
        <translation>Damaged data on this PC: it was already unreadable before it got a checksum. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: isinya tidak cocok dengan tanda periksanya. Tidak dikirim.</source>
        <translation>Damaged data on this PC: its contents do not match its checksum. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: keterangan versi atau waktunya tidak cocok dengan isinya. Tidak dikirim.</source>
        <translation>Damaged data on this PC: its version or time details do not match its contents. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: data yang dimaksud tidak ada lagi. Tidak dikirim.</source>
        <translation>Damaged data on this PC: the record it refers to no longer exists. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: berbeda dari versi yang tercatat untuk dikirim. Tidak dikirim.</source>
        <translation>Damaged data on this PC: it differs from the version recorded for sending. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini: ada versi yang tidak tercatat untuk dikirim. Tidak dikirim.</source>
        <translation>Damaged data on this PC: a version exists that was not recorded for sending. Not sent.</translation>
    </message>
    <message>
        <source>Data rusak di PC ini. Tidak dikirim.</source>
        <translation>Damaged data on this PC. Not sent.</translation>
    </message>
    <message>
        <source>Perlu diperiksa petugas IT.</source>
        <translation>Needs checking by the IT operator.</translation>
    </message>
    <message>
        <source>(Untuk IT: {detail})</source>
        <translation>(For IT: {detail})</translation>
    </message>
</context>
</TS>
