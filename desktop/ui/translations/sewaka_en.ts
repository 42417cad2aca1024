<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DatabaseProblem</name>
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
        <source>Belum tersimpan: perbaiki {n} isian yang ditandai merah.</source>
        <translation>Not saved yet: fix the {n} field(s) marked in red.</translation>
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
        <source>Pendaftaran</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Daftar permohonan</source>
        <translation>Requests</translation>
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
        <source>Cetak &amp;laporan harian…</source>
        <translation>Print &amp;daily report…</translation>
    </message>
    <message>
        <source>Simpan laporan harian sebagai &amp;PDF…</source>
        <translation>Save daily report as &amp;PDF…</translation>
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
        <source>Sewaka — {place}</source>
        <translation>Sewaka — {place}</translation>
    </message>
    <message>
        <source>{queue} terdaftar ({code})</source>
        <translation>{queue} registered ({code})</translation>
    </message>
    <message>
        <source>Laporan harian</source>
        <translation>Daily report</translation>
    </message>
    <message>
        <source>Laporan harian dikirim ke printer.</source>
        <translation>Daily report sent to the printer.</translation>
    </message>
    <message>
        <source>Laporan harian disimpan: {path}</source>
        <translation>Daily report saved: {path}</translation>
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
        <source>Mencetak struk…</source>
        <translation>Printing receipt…</translation>
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
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Cari nama, NIK atau kode lacak…</source>
        <translation>Search name, NIK or tracking code…</translation>
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
        <source>{n} permohonan</source>
        <translation>{n} requests</translation>
    </message>
    <message>
        <source>Pilih layanan dulu di penyaring.</source>
        <translation>Choose a service in the filter first.</translation>
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
        <source>Menunggu: {m} menit · Dilayani: {s} menit</source>
        <translation>Waiting: {m} min · Being served: {s} min</translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation>History</translation>
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
        <source>Tidak ada yang menunggu untuk layanan ini.</source>
        <translation>No one is waiting for this service.</translation>
    </message>
    <message>
        <source>Memanggil {queue} — {name}</source>
        <translation>Calling {queue} — {name}</translation>
    </message>
    <message>
        <source>Alasan (wajib, akan tercatat):</source>
        <translation>Reason (required, will be recorded):</translation>
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
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Sebutan wilayah</source>
        <translation>Area type</translation>
    </message>
    <message>
        <source>Nama wilayah</source>
        <translation>Area name</translation>
    </message>
    <message>
        <source>Alamat kantor</source>
        <translation>Office address</translation>
    </message>
    <message>
        <source>Printer struk</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Nama printer/perangkat</source>
        <translation>Printer/device name</translation>
    </message>
    <message>
        <source>Kertas struk</source>
        <translation>Receipt paper</translation>
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
        <source>Berkas tidak dapat dibaca.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>ASLI: struk {code}, dikeluarkan {time}.</source>
        <translation>GENUINE: receipt {code}, issued {time}.</translation>
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
        <source>Laporan harian {date} disimpan ke {path}</source>
        <translation>Daily report {date} saved to {path}</translation>
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
        <source>Struk SAH. Kode lacak: {code}</source>
        <translation>Receipt VALID. Tracking code: {code}</translation>
    </message>
    <message>
        <source>Kantor: {office}</source>
        <translation>Office: {office}</translation>
    </message>
    <message>
        <source>Diterbitkan: {time}</source>
        <translation>Issued: {time}</translation>
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
        <source>Alasan wajib diisi untuk status “{status}”.</source>
        <translation>A reason is required for the status “{status}”.</translation>
    </message>
    <message>
        <source>Alasan terlalu panjang.</source>
        <translation>The reason is too long.</translation>
    </message>
    <message>
        <source>Permohonan berstatus “{current}” tidak dapat diubah menjadi “{target}”.</source>
        <translation>A request with status “{current}” cannot be changed to “{target}”.</translation>
    </message>
</context>
</TS>
