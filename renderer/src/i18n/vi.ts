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
    'Xem thiết bị ký số (token) đang cắm vào máy và chứng thư số trên đó, đổi mã PIN. Nếu nhập sai mã PIN quá số lần cho phép, thiết bị sẽ bị khoá và cần cán bộ cơ yếu mở lại.',
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

  'lockReason.manual': 'đã bấm nút “Khoá máy”',
  'lockReason.idle': 'máy không được sử dụng trong một thời gian nên đã tự khoá',
  'lockReason.tokenRemoved': 'thiết bị ký số (token) đã được rút ra',
  'lockReason.zoneSwitch': 'máy đang chuyển sang vùng mạng khác',
  'lockReason.tokenServiceStopped': 'dịch vụ thiết bị ký số (token) đã ngừng hoạt động',

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
    'Chưa mở khoá được: việc mở khoá cần dịch vụ thiết bị ký số (token), mà dịch vụ này chưa được cài trong phiên bản này. Hãy đóng ứng dụng rồi mở lại để tiếp tục làm việc.',
} as const;
