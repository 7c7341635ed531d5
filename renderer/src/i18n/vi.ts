/**
 * The reference catalog: Vietnamese is the users' language and the default. Every other catalog
 * must have exactly these keys. `{name}` marks a value filled in by `translate`.
 */
export const vi = {
  'app.name': 'Airlock',
  'app.tagline': 'Máy trạm bảo mật',
  'app.info': '{name} phiên bản {version}, chạy trên {shell}',
  'shell.electron': 'Electron',
  'shell.chromium': 'Chromium',

  'skipLink': 'Chuyển đến nội dung chính',
  'controls.label': 'Ngôn ngữ và khoá máy',

  'banner.top.label': 'Độ mật và vùng mạng (đầu trang)',
  'banner.bottom.label': 'Độ mật và vùng mạng (cuối trang)',
  'banner.zone': 'Vùng mạng: {name}',
  'banner.noZone': 'Chưa có vùng mạng nào đang hoạt động',
  'banner.highest': 'Độ mật cao nhất được phép:',

  'classification.unclassified': 'Không mật',
  'classification.mat': 'Mật',
  'classification.toiMat': 'Tối mật',
  'classification.tuyetMat': 'Tuyệt mật',

  'language.label': 'Ngôn ngữ hiển thị',
  'language.ownName': 'Tiếng Việt',

  'nav.label': 'Các chức năng',
  'screen.messages.name': 'Tin nhắn',
  'screen.messages.intro':
    'Gửi và nhận tin nhắn có độ mật qua mạng cơ yếu. Mỗi tin nhắn được mã hoá và ký số bằng thiết bị ký số (token) của bạn, và chỉ người nhận mới đọc được.',
  'screen.documents.name': 'Tài liệu',
  'screen.documents.intro':
    'Mã hoá và ký số tài liệu, kiểm tra chữ ký số trên tài liệu nhận được. Tài liệu mật được lưu ở dạng đã mã hoá và chỉ mở được khi có thiết bị ký số (token).',
  'screen.backups.name': 'Sao lưu',
  'screen.backups.intro':
    'Sao lưu dữ liệu đã mã hoá sang thiết bị lưu trữ được phép và khôi phục lại khi cần. Không có khoá của cơ quan thì không ai đọc được bản sao lưu.',
  'screen.zones.name': 'Vùng mạng',
  'screen.zones.intro':
    'Chuyển máy trạm sang vùng mạng khác, ví dụ từ mạng nội bộ dùng cho công việc mật sang mạng hành chính. Mỗi lúc máy chỉ kết nối với một vùng mạng, và tự khoá khi chuyển vùng.',
  'screen.token.name': 'Thiết bị ký số (token)',
  'screen.token.intro':
    'Xem thiết bị ký số (token) đang cắm vào máy, các chứng thư số trên thiết bị, và đổi mã PIN. Nếu nhập sai mã PIN quá số lần cho phép, thiết bị sẽ bị khoá và cần cán bộ cơ yếu mở lại.',
  'screen.audit.name': 'Nhật ký kiểm tra',
  'screen.audit.intro':
    'Xem nhật ký các thao tác quan trọng trên máy trạm: khoá máy, chuyển vùng mạng, ký số, gửi và nhận tin nhắn. Cán bộ kiểm tra dùng nhật ký này để kiểm tra việc sử dụng máy.',
  'screen.notBuilt': 'Chức năng này chưa có trong phiên bản này.',

  'lock.button': 'Khoá máy',
  'lock.title': 'Máy trạm đang bị khoá',
  'lock.hidden': 'Nội dung làm việc đã được ẩn đi để bảo vệ thông tin.',
  'lock.reason': 'Lý do: {reason}.',
  'lock.lockedAt': 'Khoá lúc {time} ngày {date}.',
  'lock.unlock': 'Mở khoá',
  'lock.tokenLegend': 'Chọn thiết bị ký số (token) của bạn',
  'lock.chooseToken': 'Hãy chọn thiết bị ký số (token) của bạn trong danh sách.',
  'lock.pinPad': 'Đầu đọc này có bàn phím riêng. Nhập mã PIN trên bàn phím của đầu đọc, sau khi bấm “Mở khoá”.',
  'lock.checking': 'Đang kiểm tra mã PIN, xin chờ trong giây lát.',
  'lock.waitingPinPad': 'Hãy nhập mã PIN trên bàn phím của đầu đọc ngay bây giờ.',

  'lockReason.startup': 'ứng dụng vừa khởi động',
  'lockReason.manual': 'đã bấm nút “Khoá máy”',
  'lockReason.idle': 'máy không được sử dụng trong một thời gian nên đã tự khoá',
  'lockReason.tokenRemoved': 'thiết bị ký số (token) đã được rút ra',
  'lockReason.zoneSwitch': 'máy đang chuyển sang vùng mạng khác',
  'lockReason.tokenServiceStopped': 'dịch vụ thiết bị ký số (token) đã ngừng hoạt động',

  'token.none': 'Hãy cắm thiết bị ký số (token) vào máy.',
  'token.searching': 'Đang tìm thiết bị ký số (token), xin chờ trong giây lát.',
  'token.listUnknown': 'Chưa đọc được danh sách thiết bị ký số (token).',
  'token.retry': 'Tìm lại thiết bị',
  'token.device': 'Thiết bị: {name}',
  'token.serial': 'Số sê-ri: {serial}',
  'token.present': 'Thiết bị đang cắm vào máy',
  'token.field.serial': 'Số sê-ri',
  'token.field.manufacturer': 'Hãng sản xuất',
  'token.field.model': 'Loại thiết bị',
  'token.field.login': 'Đăng nhập',
  'token.field.pin': 'Mã PIN',
  'token.field.unknown': 'Không rõ',
  'token.loggedIn': 'Đã đăng nhập bằng mã PIN',
  'token.loggedOut': 'Chưa đăng nhập',
  'token.pinMustChange': 'Thiết bị yêu cầu đổi mã PIN.',

  'certificates.heading': 'Chứng thư số trên thiết bị',
  'certificates.loading': 'Đang đọc chứng thư số trên thiết bị, xin chờ trong giây lát.',
  'certificates.none': 'Không có chứng thư số nào trên thiết bị này.',
  'certificates.retry': 'Đọc lại chứng thư số',

  'certificate.field.organization': 'Cơ quan',
  'certificate.field.units': 'Đơn vị',
  'certificate.field.province': 'Tỉnh, thành phố',
  'certificate.field.issuer': 'Tổ chức cấp chứng thư',
  'certificate.field.purpose': 'Dùng để',
  'certificate.field.validFrom': 'Có hiệu lực từ ngày',
  'certificate.field.validUntil': 'Có hiệu lực đến ngày',
  'certificate.purpose.signature': 'Ký số',
  'certificate.purpose.encryption': 'Mã hoá',
  'certificate.purpose.keyAgreement': 'Trao đổi khoá để mã hoá',

  'certificate.valid': 'Hợp lệ: được xác thực tới gốc tin cậy {root}.',
  'certificate.invalid.chainUnknownRoot':
    'Không xác thực được: chứng thư không do tổ chức chứng thực mà máy này tin cậy cấp. Không dùng để ký; hãy liên hệ cán bộ cơ yếu.',
  'certificate.invalid.expired':
    'Không xác thực được vì chứng thư đã hết hạn sử dụng. Không dùng để ký; hãy liên hệ cán bộ cơ yếu để được cấp chứng thư số mới.',
  'certificate.invalid.notYetValid':
    'Chứng thư chưa đến ngày có hiệu lực. Hãy kiểm tra ngày giờ của máy; nếu ngày giờ đúng, hãy chờ đến ngày có hiệu lực hoặc liên hệ cán bộ cơ yếu.',
  'certificate.invalid.revoked': 'Chứng thư số đã bị thu hồi. Không dùng để ký. Hãy liên hệ cán bộ cơ yếu.',
  'certificate.invalid.revocationUnknown':
    'Chưa kiểm tra được tình trạng thu hồi: danh sách thu hồi (CRL) chưa có hoặc đã cũ. Hãy nhập CRL mới do cán bộ cơ yếu cung cấp.',
  'certificate.invalid.badSignature':
    'Chữ ký trên chứng thư không đúng: chứng thư có thể đã bị sửa đổi hoặc bị làm giả. Không dùng để ký; hãy báo ngay cho cán bộ cơ yếu.',
  'certificate.invalid.notCA':
    'Không xác thực được: chứng thư do một đơn vị không có quyền cấp chứng thư số cấp ra. Không dùng để ký; hãy báo cho cán bộ cơ yếu.',
  'certificate.invalid.pathLengthExceeded':
    'Không xác thực được: chuỗi cấp chứng thư dài hơn mức tổ chức chứng thực cho phép. Không dùng để ký; hãy báo cho cán bộ cơ yếu.',
  'certificate.invalid.wrongKeyUsage':
    'Chứng thư số này không được cấp cho việc cần làm (ký số hoặc mã hoá). Hãy liên hệ cán bộ cơ yếu để được cấp đúng loại chứng thư số.',
  'certificate.invalid.unsupportedCriticalExtension':
    'Không xác thực được: chứng thư có thông tin bắt buộc mà ứng dụng này chưa xử lý được. Không dùng để ký; hãy báo cho cán bộ cơ yếu.',
  'certificate.culpritIssuer': 'Lỗi nằm ở chứng thư của tổ chức chứng thực cấp trên, không phải ở chứng thư của bạn.',

  'certificate.expiry.expired': 'Chứng thư số đã hết hạn.',
  'certificate.expiry.lastDay': 'Chứng thư số sẽ hết hạn trong vòng một ngày. Hãy liên hệ cán bộ cơ yếu để gia hạn.',
  'certificate.expiry.oneDay': 'Chứng thư số sẽ hết hạn sau 1 ngày. Hãy liên hệ cán bộ cơ yếu để gia hạn.',
  'certificate.expiry.soon': 'Chứng thư số sẽ hết hạn sau {days} ngày. Hãy liên hệ cán bộ cơ yếu để gia hạn.',

  'certificate.technical': 'Thông tin kỹ thuật',
  'certificate.field.key': 'Loại khoá',
  'certificate.key.rsa': 'RSA {bits} bit',
  'certificate.key.ec': 'EC {curve}',
  'certificate.field.label': 'Tên trên thiết bị',
  'certificate.field.serial': 'Số sê-ri của chứng thư',
  'certificate.field.fingerprint': 'Dấu vân tay SHA-256',
  'certificate.field.culprit': 'Dấu vân tay của chứng thư có lỗi',

  'pinTries.ok': 'Còn đủ số lần thử',
  'pinTries.fewLeft': 'Chỉ còn ít lần thử',
  'pinTries.lastTry': 'Chỉ còn một lần thử',
  'pinTries.locked': 'Đã bị khoá vì nhập sai quá số lần cho phép',
  'pinTriesWarning.fewLeft': 'Chỉ còn ít lần thử. Hãy kiểm tra kỹ trước khi nhập lại.',
  'pinTriesWarning.lastTry': 'Đây là lần thử cuối cùng. Nhập sai nữa, thiết bị ký số sẽ bị khoá.',
  'pinTriesWarning.locked': 'Thiết bị ký số đã bị khoá. Hãy liên hệ cán bộ cơ yếu của cơ quan để mở khoá.',

  'pin.label': 'Mã PIN',
  'pin.tooShort': 'Mã PIN phải có ít nhất {min} ký tự. Hãy nhập lại.',

  'pinChange.heading': 'Đổi mã PIN',
  'pinChange.legend': 'Chọn thiết bị cần đổi mã PIN',
  'pinChange.old': 'Mã PIN hiện tại',
  'pinChange.new': 'Mã PIN mới',
  'pinChange.repeat': 'Nhập lại mã PIN mới',
  'pinChange.hint': 'Mã PIN mới dài từ {min} đến {max} ký tự.',
  'pinChange.submit': 'Đổi mã PIN',
  'pinChange.busy': 'Đang đổi mã PIN, xin chờ trong giây lát.',
  'pinChange.done': 'Đã đổi mã PIN.',
  'pinChange.oldTooShort': 'Mã PIN hiện tại phải có ít nhất {min} ký tự. Hãy nhập lại cả ba ô.',
  'pinChange.newLength': 'Mã PIN mới phải dài từ {min} đến {max} ký tự. Hãy nhập lại cả ba ô.',
  'pinChange.mismatch': 'Hai lần nhập mã PIN mới không giống nhau. Hãy nhập lại cả ba ô.',
  'pinChange.pinPad':
    'Thiết bị này dùng đầu đọc có bàn phím riêng. Ứng dụng chưa đổi được mã PIN cho loại đầu đọc này; hãy liên hệ cán bộ cơ yếu của cơ quan.',

  'crl.heading': 'Danh sách thu hồi chứng thư (CRL)',
  'crl.intro': 'Nhập tệp CRL do cán bộ cơ yếu cung cấp để ứng dụng kiểm tra được chứng thư số có bị thu hồi hay không.',
  'crl.file': 'Chọn tệp CRL',
  'crl.submit': 'Nhập CRL',
  'crl.noFile': 'Hãy chọn tệp CRL trước, rồi bấm “Nhập CRL”.',
  'crl.busy': 'Đang đọc và kiểm tra tệp CRL, xin chờ trong giây lát.',
  'crl.stored': 'Đã nhập danh sách thu hồi của {issuer}.',
  'crl.olderIgnored': 'Đã có danh sách thu hồi mới hơn hoặc cùng ngày của {issuer}; giữ nguyên.',
  'crl.validUntil': 'Có hiệu lực đến {time} ngày {date}.',
  'crl.expired':
    'Danh sách này đã hết hiệu lực lúc {time} ngày {date}, nên chưa dùng được để kiểm tra chứng thư số. Hãy xin cán bộ cơ yếu tệp CRL mới hơn.',
  'crl.undated':
    'Danh sách này không ghi thời hạn hiệu lực, nên chưa dùng được để kiểm tra chứng thư số. Hãy báo cho cán bộ cơ yếu.',
  'crl.rejected.malformed': 'Tệp này không phải là danh sách thu hồi (CRL) hợp lệ.',
  'crl.rejected.issuerUnknown': 'Tệp CRL này không do tổ chức chứng thực mà máy này tin cậy phát hành.',
  'crl.rejected.badSignature': 'Chữ ký trên tệp CRL không hợp lệ: tệp có thể đã bị sửa. Không dùng tệp này.',
  'crl.rejected.issuerNotCrlSigner':
    'Tổ chức phát hành tệp CRL này không có quyền ký danh sách thu hồi, nên không dùng được tệp này.',
  'crl.rejected.unsupportedCrl': 'Tệp CRL này có thông tin bắt buộc mà ứng dụng chưa xử lý được, nên không dùng được tệp này.',
  'crl.rejected.tooLarge': 'Tệp này lớn hơn 10 MB, quá lớn đối với một danh sách thu hồi (CRL): hãy kiểm tra đã chọn đúng tệp chưa.',
  'crl.rejected.unreadable': 'Không đọc được tệp đã chọn: hãy kiểm tra thiết bị lưu trữ vẫn cắm trong máy, rồi chọn lại tệp.',

  'keyRotation.heading': 'Khoá mã hoá dữ liệu trên máy',
  'keyRotation.intro':
    'Đổi khoá mã hoá là mã hoá lại toàn bộ dữ liệu đã lưu trên máy này bằng một khoá mới. Chỉ làm khi cán bộ cơ yếu yêu cầu, ví dụ khi nghi ngờ khoá bị lộ. Trong lúc đổi khoá, ứng dụng vẫn dùng được bình thường, nhưng việc này có thể mất một lúc. Nếu phải dừng giữa chừng hoặc máy bị tắt, lần đổi khoá sau sẽ làm tiếp từ chỗ đã dừng.',
  'keyRotation.start': 'Đổi khoá mã hoá',
  'keyRotation.confirmQuestion': 'Bắt đầu mã hoá lại toàn bộ dữ liệu trên máy này bằng khoá mới? Bạn có thể bấm “Dừng lại” bất cứ lúc nào.',
  'keyRotation.confirm': 'Bắt đầu đổi khoá',
  'keyRotation.dismiss': 'Thôi, để sau',
  'keyRotation.progressLabel': 'Tiến độ đổi khoá',
  'keyRotation.starting': 'Đang chuẩn bị khoá mới, xin chờ trong giây lát.',
  'keyRotation.progress': 'Đã mã hoá lại {done}/{total} mục',
  'keyRotation.stop': 'Dừng lại',
  'keyRotation.stopping': 'Đang dừng lại: phần đang làm dở sẽ được làm xong trước.',
  'keyRotation.finished': 'Đã đổi khoá: {records} mục đã được mã hoá lại bằng khoá mới.',
  'keyRotation.stopped': 'Đã dừng. Phần đã làm được giữ nguyên; bấm “Đổi khoá mã hoá” lần nữa để làm tiếp.',

  'audit.filter.heading': 'Tìm trong nhật ký',
  'audit.filter.from': 'Từ ngày',
  'audit.filter.to': 'Đến hết ngày',
  'audit.filter.kind': 'Sự kiện',
  'audit.filter.result': 'Kết quả',
  'audit.filter.all': 'Tất cả',
  'audit.filter.apply': 'Lọc',
  'audit.filter.badDate': 'Hãy chọn đủ cả ngày bắt đầu và ngày kết thúc.',
  'audit.filter.fromAfterTo': 'Ngày bắt đầu phải trước hoặc trùng với ngày kết thúc. Hãy chọn lại.',

  'audit.entries.loading': 'Đang đọc nhật ký, xin chờ trong giây lát.',
  'audit.entries.count': 'Có {count} mục khớp bộ lọc.',
  'audit.entries.none': 'Không có mục nào khớp bộ lọc.',
  'audit.entries.limited': 'Chỉ hiện {limit} mục mới nhất. Hãy chọn khoảng ngày ngắn hơn để xem các mục cũ hơn.',
  'audit.table.caption': 'Nhật ký từ ngày {from} đến hết ngày {to}, mục mới nhất ở trên.',
  'audit.table.onlyKind': 'Chỉ sự kiện: {kind}.',
  'audit.table.onlyResult': 'Chỉ kết quả: {result}.',
  'audit.column.seq': 'Số thứ tự mục',
  'audit.column.seqShort': '#',
  'audit.column.time': 'Thời gian',
  'audit.column.kind': 'Sự kiện',
  'audit.column.result': 'Kết quả',
  'audit.column.details': 'Chi tiết',
  'audit.details.none': 'Không có',
  'audit.moment': '{time} ngày {date}',
  'audit.value.true': 'Có',
  'audit.value.false': 'Không',

  'audit.kind.session.unlock': 'Mở khoá máy',
  'audit.kind.session.lock': 'Khoá máy',
  'audit.kind.token.pinWrong': 'Nhập sai mã PIN',
  'audit.kind.token.inserted': 'Cắm thiết bị ký số',
  'audit.kind.token.removed': 'Rút thiết bị ký số',
  'audit.kind.token.pinChanged': 'Đổi mã PIN',
  'audit.kind.zone.switchRequested': 'Yêu cầu chuyển vùng mạng (ký bằng thiết bị ký số)',
  'audit.kind.zone.switched': 'Kết quả chuyển vùng mạng',
  'audit.kind.zone.watchdog': 'Giám sát mạng phát hiện kết nối ngoài dự kiến',
  'audit.kind.zone.contentRefused': 'Từ chối nội dung có độ mật vượt mức của vùng',
  'audit.kind.zone.declassified': 'Hồ sơ giải mật để chuyển nội dung xuống vùng thấp hơn',
  'audit.kind.zone.switchStep': 'Một bước chuyển vùng mạng',
  'audit.kind.policy.loaded': 'Nạp chính sách vùng mạng',
  'audit.kind.policy.refused': 'Từ chối nạp chính sách vùng mạng',
  'audit.kind.document.encrypted': 'Mã hoá tài liệu',
  'audit.kind.document.opened': 'Mở tài liệu',
  'audit.kind.message.sent': 'Gửi tin nhắn',
  'audit.kind.message.read': 'Đọc tin nhắn',
  'audit.kind.backup.created': 'Tạo bản sao lưu',
  'audit.kind.backup.restored': 'Khôi phục từ bản sao lưu',
  'audit.kind.backup.verified': 'Kiểm tra bản sao lưu',
  'audit.kind.settings.changed': 'Thay đổi cài đặt',
  'audit.kind.crl.imported': 'Nhập danh sách thu hồi chứng thư số (CRL)',
  'audit.kind.store.keyRotated': 'Đổi khoá mã hoá dữ liệu trên máy',
  'audit.kind.audit.checkpoint': 'Điểm kiểm tra có chữ ký',
  'audit.kind.audit.inboxDamaged': 'Sự kiện ghi lúc máy khoá không đọc được (bị hỏng hoặc bị giả mạo)',
  'audit.kind.audit.exported': 'Xuất báo cáo nhật ký',

  'audit.result.ok': 'Thành công',
  'audit.result.failed': 'Thất bại',
  'audit.result.refused': 'Bị từ chối',

  'audit.detail.reason': 'Lý do',
  'audit.detail.serial': 'Số sê-ri',
  'audit.detail.code': 'Lỗi',
  'audit.detail.triesLeft': 'Số lần thử mã PIN',
  'audit.detail.pinTries': 'Số lần thử mã PIN',
  'audit.detail.occurredAt': 'Xảy ra lúc',
  'audit.detail.recordedLate': 'Ghi lại khi mở khoá',

  'audit.verify.heading': 'Tính toàn vẹn của nhật ký',
  'audit.verify.intro':
    'Kiểm tra xem có mục nào trong nhật ký bị xoá, bị sửa, bị chèn thêm hay bị đổi thứ tự không, và các điểm kiểm tra có đúng chữ ký của thiết bị ký số (token) của bạn không.',
  'audit.verify.button': 'Kiểm tra tính toàn vẹn',
  'audit.verify.busy': 'Đang kiểm tra toàn bộ nhật ký, xin chờ trong giây lát.',
  'audit.verify.intact':
    'Nhật ký nguyên vẹn: {entries} mục; điểm kiểm tra có chữ ký gần nhất: mục {checkpoint}; {since} mục sau đó chưa có chữ ký.',
  'audit.verify.intactNoCheckpoint':
    'Nhật ký nguyên vẹn: {entries} mục; chưa có điểm kiểm tra nào có chữ ký, nên chưa mục nào được thiết bị ký số xác nhận.',
  'audit.problem.modified': 'Nhật ký đã bị can thiệp: mục {seq} bị sửa.',
  'audit.problem.deleted': 'Nhật ký đã bị can thiệp: mục {seq} bị xoá.',
  'audit.problem.inserted': 'Nhật ký đã bị can thiệp: mục {seq} bị chèn thêm.',
  'audit.problem.reordered': 'Nhật ký đã bị can thiệp: mục {seq} bị đổi thứ tự.',
  'audit.problem.badCheckpointSignature': 'Nhật ký đã bị can thiệp: mục {seq} có chữ ký điểm kiểm tra không hợp lệ.',
  'audit.problem.unreadable':
    'Nhật ký không còn kiểm tra được: mục {seq} không đọc được. Có thể do sai khoá hoặc lỗi phần mềm, cũng có thể do bị can thiệp.',
  'audit.verify.tamperedAction': 'Hãy báo ngay cho cán bộ cơ yếu. Không xoá hay sửa tệp nhật ký.',

  'audit.export.heading': 'Báo cáo cho đoàn kiểm tra',
  'audit.export.intro':
    'Báo cáo gồm mọi mục nhật ký từ ngày {from} đến hết ngày {to} (khoảng ngày đang lọc ở trên; bộ lọc sự kiện và kết quả không áp dụng cho báo cáo), và được ký bằng thiết bị ký số (token) của bạn.',
  'audit.export.button': 'Xuất báo cáo cho đoàn kiểm tra',
  'audit.export.busy': 'Đang tạo báo cáo và ký bằng thiết bị ký số (token), xin chờ trong giây lát.',
  'audit.export.done': 'Đã xuất báo cáo các mục từ ngày {from} đến hết ngày {to}, gồm {entries} mục, vào tệp:',
  'audit.export.signed':
    'Báo cáo đã được ký bằng thiết bị ký số (token) của bạn. Đoàn kiểm tra có thể tự kiểm tra báo cáo trên máy của mình, không cần kết nối mạng, bằng công cụ airlock-audit-verify.',

  'connecting.title': 'Đang khởi động',
  'connecting.body': 'Đang lấy trạng thái của máy trạm, xin chờ trong giây lát.',
  'connecting.retry': 'Thử lại',

  'alert.title': 'Chưa thực hiện được',
  'alert.dismiss': 'Đóng thông báo',

  'bridge.missing.title': 'Thiếu cầu nối bảo mật',
  'bridge.missing.body':
    'Cửa sổ này không kết nối được với phần lõi bảo mật của ứng dụng, nên chưa thể làm việc. Hãy đóng ứng dụng rồi mở lại. Nếu vẫn thấy thông báo này, hãy báo cho cán bộ kỹ thuật phụ trách.',

  'error.ipc.unknownChannel':
    'Ứng dụng gửi một yêu cầu không được nhận ra. Hãy đóng ứng dụng rồi mở lại. Nếu lỗi lặp lại, hãy báo cho cán bộ kỹ thuật phụ trách.',
  'error.ipc.invalidRequest':
    'Yêu cầu không hợp lệ nên đã bị từ chối. Hãy thử lại. Nếu lỗi lặp lại, hãy báo cho cán bộ kỹ thuật phụ trách.',
  'error.ipc.forbiddenSender':
    'Yêu cầu bị từ chối vì không đến từ cửa sổ chính của ứng dụng. Hãy đóng ứng dụng rồi mở lại, và báo cho cán bộ kỹ thuật phụ trách.',
  'error.ipc.internal':
    'Đã xảy ra lỗi bên trong ứng dụng. Hãy thử lại. Nếu lỗi lặp lại, hãy đóng ứng dụng rồi mở lại.',
  'error.ipc.unavailable':
    'Phần lõi của ứng dụng đang không trả lời. Hãy chờ một lát rồi thử lại, hoặc đóng ứng dụng rồi mở lại.',
  'error.session.locked': 'Máy đang khoá: hãy mở khoá bằng thiết bị ký số (token) và mã PIN trước.',
  'error.session.unlockUnavailable':
    'Chưa mở khoá được: máy này chưa được cấu hình dịch vụ thiết bị ký số (token), nên không kiểm tra được mã PIN. Hãy đóng ứng dụng rồi mở lại để tiếp tục làm việc, và báo cho cán bộ kỹ thuật phụ trách.',
  'error.token.noModule':
    'Không tìm thấy phần mềm điều khiển (PKCS#11) của thiết bị ký số trên máy này. Hãy liên hệ cán bộ cơ yếu.',
  'error.token.serviceStopped':
    'Dịch vụ thiết bị ký số vừa dừng; ứng dụng đã khoá lại để an toàn và đang khởi động lại dịch vụ. Hãy thử lại sau vài giây.',
  'error.token.notFound':
    'Không tìm thấy thiết bị ký số đã chọn. Hãy kiểm tra thiết bị đã được cắm chắc vào máy, rồi chọn lại.',
  'error.token.removed': 'Thiết bị ký số đã bị rút ra. Hãy cắm lại thiết bị vào máy rồi thử lại.',
  'error.token.pinIncorrect': 'Mã PIN không đúng.',
  'error.token.pinLocked':
    'Thiết bị ký số đã bị khoá vì nhập sai mã PIN quá số lần cho phép. Hãy liên hệ cán bộ cơ yếu của cơ quan để mở khoá.',
  'error.token.pinInvalid':
    'Mã PIN không đúng quy định của thiết bị (thường dài từ 4 đến 16 ký tự). Hãy nhập lại.',
  'error.token.pinExpired':
    'Mã PIN của thiết bị ký số đã hết hạn và phải được đổi trước khi dùng. Hãy liên hệ cán bộ cơ yếu của cơ quan.',
  'error.token.notLoggedIn':
    'Ứng dụng chưa đăng nhập vào thiết bị ký số. Hãy khoá máy rồi mở khoá lại bằng mã PIN.',
  'error.token.keyNotFound':
    'Không tìm thấy khoá cần dùng trên thiết bị ký số này. Hãy kiểm tra đã cắm đúng thiết bị của mình chưa; nếu đúng, hãy liên hệ cán bộ cơ yếu.',
  'error.token.keyUnsafe':
    'Khoá trên thiết bị này không được bảo vệ đúng cách (có thể bị sao chép ra ngoài) nên ứng dụng từ chối dùng. Hãy liên hệ cán bộ cơ yếu.',
  'error.token.mechanismUnsupported':
    'Thiết bị ký số này không hỗ trợ thuật toán cần dùng. Hãy liên hệ cán bộ cơ yếu.',
  'error.token.decryptFailed':
    'Không giải mã được bằng thiết bị ký số này. Có thể nội dung không gửi cho bạn, hoặc nội dung đã bị hỏng.',
  'error.token.cancelled':
    'Thao tác trên thiết bị ký số đã bị huỷ (ví dụ đã bấm huỷ, hoặc hết thời gian nhập mã PIN trên đầu đọc). Hãy thử lại.',
  'error.token.failed':
    'Thiết bị ký số báo lỗi. Hãy rút thiết bị ra, cắm lại rồi thử lại. Nếu lỗi lặp lại, hãy liên hệ cán bộ cơ yếu.',
  'error.store.locked':
    'Kho dữ liệu đang khoá nên chưa đọc hay ghi được. Hãy mở khoá máy bằng thiết bị ký số và mã PIN rồi thử lại.',
  'error.store.diskFull': 'Ổ đĩa của máy đã đầy nên không lưu được dữ liệu. Hãy báo cho cán bộ kỹ thuật phụ trách để giải phóng dung lượng.',
  'error.store.corrupt':
    'Tệp dữ liệu của ứng dụng bị hỏng nên không đọc được. Đừng xoá tệp; hãy báo ngay cho cán bộ kỹ thuật phụ trách để khôi phục từ bản sao lưu.',
  'error.store.unavailable':
    'Không mở được kho dữ liệu trên máy (không có quyền ghi hoặc ổ đĩa gặp lỗi). Hãy đóng ứng dụng rồi mở lại; nếu vẫn lỗi, hãy báo cho cán bộ kỹ thuật phụ trách.',
  'error.store.newerVersion':
    'Dữ liệu trên máy do một phiên bản Airlock mới hơn tạo ra, nên phiên bản này không mở để tránh làm hỏng. Hãy báo cho cán bộ kỹ thuật phụ trách để cập nhật ứng dụng.',
  'error.store.tampered':
    'Dữ liệu đã bị thay đổi từ bên ngoài ứng dụng hoặc bị hỏng, nên ứng dụng từ chối mở. Đừng tiếp tục làm việc trên máy này; hãy báo ngay cho cán bộ cơ yếu.',
  'error.store.wrongToken':
    'Dữ liệu trên máy này không thuộc về thiết bị ký số đang dùng, nên không mở được. Hãy kiểm tra đã cắm đúng thiết bị của mình chưa; nếu đúng, hãy liên hệ cán bộ cơ yếu.',
  'error.zone.policyRefused': 'Không có chính sách vùng mạng hợp lệ, nên không vùng nào được kích hoạt. Hãy báo cán bộ cơ yếu cài lại chính sách đã ký.',
  'error.zone.unknown': 'Vùng mạng này không có trong chính sách hiện hành.',
  'error.zone.coolDown': 'Vừa chuyển vùng xong; chính sách yêu cầu chờ hết thời gian giãn cách mới được chuyển tiếp.',
  'error.zone.busy': 'Đang chuyển vùng mạng. Hãy chờ lần chuyển này kết thúc.',
  'error.zone.switchFailed': 'Chuyển vùng không thành công. Để an toàn, mạng của mọi vùng đã bị ngắt. Bước bị lỗi ghi ở dưới; hãy báo cán bộ kỹ thuật.',
  'error.zone.helperUnavailable': 'Thành phần điều khiển mạng của Airlock không chạy, nên không thể chuyển vùng. Hãy báo cán bộ kỹ thuật.',
  'error.zone.levelTooHigh': 'Nội dung này có độ mật cao hơn mức cho phép trong vùng mạng hiện tại, nên không được mở, xuất hay gửi ở đây.',
  'error.zone.noSigningKey': 'Thiết bị ký số không có khóa ký kèm chứng thư số, nên không xác nhận được việc chuyển vùng.',
  'zones.policy.refused': 'Không có chính sách vùng mạng hợp lệ: {reason}. Không vùng nào được kích hoạt.',
  'zones.policy.loaded': 'Chính sách vùng mạng số {serial}, do {signer} ký.',
  'zones.policy.validUntil': 'Hiệu lực đến {time} ngày {date}.',
  'zones.policy.coolDown': 'Hai lần chuyển vùng phải cách nhau ít nhất {seconds} giây.',
  'zones.policyRefusal.missing': 'chưa cài tệp chính sách',
  'zones.policyRefusal.unsigned': 'tệp chính sách không có chữ ký hoặc chứng thư của người ký',
  'zones.policyRefusal.malformed': 'nội dung chính sách sai cấu trúc',
  'zones.policyRefusal.badSignature': 'chữ ký không khớp: tệp đã bị sửa sau khi ký',
  'zones.policyRefusal.signerInvalid': 'chứng thư của người ký không hợp lệ (hết hạn, bị thu hồi hoặc không thuộc hệ thống tin cậy)',
  'zones.policyRefusal.signerNotAuthorised': 'người ký không có quyền ký chính sách vùng mạng',
  'zones.policyRefusal.notYetValid': 'chính sách chưa đến ngày có hiệu lực',
  'zones.policyRefusal.expired': 'chính sách đã hết hiệu lực',
  'zones.policyRefusal.rolledBack': 'chính sách cũ hơn bản đã dùng trước đó',
  'zones.ceiling': 'Độ mật cao nhất:',
  'zones.services': 'Dịch vụ: {list}',
  'zones.noServices': 'không có',
  'zones.service.messaging': 'nhắn tin',
  'zones.service.documents': 'tài liệu',
  'zones.service.backup': 'sao lưu',
  'zones.service.directory': 'danh bạ chứng thư số',
  'zones.active': 'Đang hoạt động',
  'zones.switchTo': 'Chuyển sang {name}',
  'zones.list': 'Các vùng mạng',
  'zones.needToken': 'Cắm thiết bị ký số để chuyển vùng.',
  'zones.coolDownUntil': 'Lần chuyển tiếp theo được phép từ {time} ngày {date}.',
  'zones.report.title': 'Tiến trình chuyển vùng',
  'zones.report.done': 'Đã chuyển vùng. Máy đã khoá; hãy mở khoá để làm việc trong vùng mới.',
  'zones.report.failedAt': 'Bước bị lỗi: {step}.',
  'zones.report.dismiss': 'Đóng',
  'zones.step.authorise': 'Xác nhận bằng thiết bị ký số và mã PIN',
  'zones.step.leaveZone': 'Rời vùng cũ (đóng kết nối, xoá bộ nhớ tạm)',
  'zones.step.killSockets': 'Cắt các kết nối mạng còn mở',
  'zones.step.firewall': 'Tường lửa chặn mọi thứ trừ vùng mới',
  'zones.step.linksDown': 'Ngắt mọi cổng mạng của các vùng',
  'zones.step.targetUp': 'Bật cổng mạng của vùng mới',
  'zones.step.route': 'Đặt tuyến mạng',
  'zones.step.dns': 'Đặt máy chủ tên miền (DNS) của vùng',
  'zones.step.verify': 'Kiểm tra: chỉ một vùng đang kết nối',
  'zones.stepState.waiting': 'chờ',
  'zones.stepState.running': 'đang chạy',
  'zones.stepState.done': 'xong',
  'zones.stepState.failed': 'lỗi',
  'zones.watchdog.title': 'Cảnh báo của bộ giám sát mạng',
  'zones.watchdog.none': 'Chưa có cảnh báo nào.',
  'zones.watchdog.cut': 'Đã cắt cổng mạng {interface} vừa bật lên ngoài vùng đang hoạt động.',
  'zones.watchdog.cutFailed': 'KHÔNG cắt được cổng mạng {interface}! Hãy rút cáp mạng và báo cán bộ kỹ thuật ngay.',
  'zones.watchdog.unlistedUp': 'Cổng mạng {interface} không thuộc vùng nào đang bật.',
  'zones.watchdog.activeLinkLost': 'Cổng mạng {interface} của vùng đang hoạt động bị mất kết nối (có thể do rút cáp).',
  'zones.watchdog.at': 'lúc {time} ngày {date}',
  'zones.form.title': 'Chuyển sang {name}',
  'zones.form.warning': 'Khi chuyển vùng, máy sẽ khoá, mọi kết nối của vùng hiện tại bị cắt và bộ nhớ tạm (clipboard) bị xoá. Sau đó hãy mở khoá lại để làm việc trong vùng mới.',
  'zones.form.token': 'Thiết bị ký số xác nhận việc chuyển vùng',
  'zones.form.reason': 'Lý do chuyển vùng (ghi vào nhật ký)',
  'zones.form.reasonShort': 'Hãy ghi lý do, ít nhất {min} ký tự.',
  'zones.form.submit': 'Xác nhận và chuyển sang {name}',
  'zones.form.cancel': 'Huỷ',
  'zones.watchdog.bannerTitle': 'Cảnh báo mạng',
  'zones.watchdog.acknowledge': 'Đã biết',
  'error.zone.noneActive': 'Chưa có vùng mạng nào đang hoạt động, nên dữ liệu của các vùng đều đóng. Hãy chuyển sang một vùng trên màn hình Vùng mạng.',
  'error.zone.transferForbidden': 'Chính sách vùng mạng không cho chuyển nội dung này sang vùng đó.',
  'error.zone.declassificationInvalid': 'Không có hồ sơ giải mật hợp lệ cho nội dung này: cần hồ sơ do cán bộ có thẩm quyền ký bằng thiết bị ký số, đúng nội dung, đúng vùng và đúng độ mật.',
  'zones.last.ok': 'Đã chuyển sang {name} lúc {time} ngày {date}.',
  'zones.last.failed': 'Chuyển sang {name} lúc {time} ngày {date} không thành công; mạng của mọi vùng đã bị ngắt.',
} as const;
