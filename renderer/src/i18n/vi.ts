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
    'Xem thiết bị ký số (token) đang cắm vào máy và đổi mã PIN. Nếu nhập sai mã PIN quá số lần cho phép, thiết bị sẽ bị khoá và cần cán bộ cơ yếu mở lại.',
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
} as const;
