"""The app's own words (labels, hints, messages) in every language it speaks.

Bank text is localised by the bank; these are the words around it. Each entry must have every
locale in grader.quiz.model.LOCALES (a test checks), so switching language never shows a mix.
"""

from __future__ import annotations

from grader.quiz.model import localize

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Shallow neural networks · quiz", "zh": "浅层神经网络 · 测验"},
    "loading": {"en": "Loading…", "zh": "正在加载…"},
    "language_name": {"en": "English", "zh": "中文"},
    "other_language": {"en": "中文", "zh": "English"},
    # home
    "quizzes": {"en": "Quizzes", "zh": "测验"},
    "builtin": {"en": "built-in", "zh": "内置"},
    "has_problems": {"en": "has problems", "zh": "有错误"},
    "bank_problems": {"en": "This bank has problems and cannot be opened:",
                      "zh": "该题库有错误，无法打开："},
    "fix_with": {"en": "Check it with: grader validate {path}",
                 "zh": "可用以下命令检查：grader validate {path}"},
    "quiz_facts": {"en": "{asked} questions per attempt (bank of {bank}) · pass mark {mark}",
                   "zh": "每次 {asked} 题（题库共 {bank} 题）· 及格线 {mark}"},
    "best_score": {"en": "Best score: {score}", "zh": "最高分：{score}"},
    "no_attempts": {"en": "No attempts yet.", "zh": "还没有作答记录。"},
    "past_attempts": {"en": "Past attempts", "zh": "历史记录"},
    "attempt_line": {"en": "{when}  {correct}/{total}  {score}  {verdict}",
                     "zh": "{when}  {correct}/{total}  {score}  {verdict}"},
    "unfinished": {"en": "Unfinished attempt: {answered} of {total} answered, at question {at}.",
                   "zh": "有未完成的作答：已答 {answered}/{total} 题，停在第 {at} 题。"},
    "resume_hint": {"en": "Enter resumes it · s starts a new attempt",
                    "zh": "Enter 继续作答 · s 重新开始"},
    "start_hint": {"en": "Enter starts an attempt", "zh": "Enter 开始作答"},
    "stale_attempt": {"en": "The bank changed since your last attempt; starting a new one.",
                      "zh": "题库自上次作答后已更改，将重新开始。"},
    # question
    "progress": {"en": "Question {n} of {total} · answered {answered}",
                 "zh": "第 {n} / {total} 题 · 已答 {answered}"},
    "topic": {"en": "Topic: {topic}", "zh": "主题：{topic}"},
    "kind_single": {"en": "Choose one.", "zh": "单选。"},
    "kind_multiple": {"en": "Choose all that apply (Space toggles, Enter checks).",
                      "zh": "多选（空格键勾选，Enter 提交）。"},
    "kind_true_false": {"en": "True or false?", "zh": "判断对错。"},
    "kind_short": {"en": "Type your answer and press Enter.", "zh": "输入答案后按 Enter。"},
    "short_placeholder": {"en": "your answer", "zh": "你的答案"},
    "correct": {"en": "✔ Correct", "zh": "✔ 回答正确"},
    "wrong": {"en": "✘ Not quite", "zh": "✘ 回答错误"},
    "your_answer": {"en": "Your answer: {answer}", "zh": "你的答案：{answer}"},
    "right_answer": {"en": "Correct answer: {answer}", "zh": "正确答案：{answer}"},
    "accepted": {"en": "Accepted answers: {answers}", "zh": "可接受的答案：{answers}"},
    "explanation": {"en": "Explanation", "zh": "解析"},
    "choose_first": {"en": "Select at least one option first.", "zh": "请先至少选择一项。"},
    "type_first": {"en": "Type an answer first.", "zh": "请先输入答案。"},
    "all_answered": {"en": "All questions answered: press n or Enter for your results.",
                     "zh": "已全部作答：按 n 或 Enter 查看成绩。"},
    "btn_prev": {"en": "← Prev", "zh": "← 上一题"},
    "btn_next": {"en": "Next →", "zh": "下一题 →"},
    "btn_check": {"en": "Check", "zh": "提交"},
    "btn_results": {"en": "Results", "zh": "成绩"},
    "save_failed": {"en": "Could not save progress: {error}", "zh": "无法保存进度：{error}"},
    # results
    "results": {"en": "Results", "zh": "成绩"},
    "score_line": {"en": "Score: {correct}/{total} ({score})", "zh": "得分：{correct}/{total}（{score}）"},
    "passed": {"en": "PASSED (pass mark {mark})", "zh": "通过（及格线 {mark}）"},
    "failed": {"en": "NOT PASSED (pass mark {mark})", "zh": "未通过（及格线 {mark}）"},
    "pass_short": {"en": "pass", "zh": "通过"},
    "fail_short": {"en": "fail", "zh": "未过"},
    "in_progress": {"en": "unfinished", "zh": "未完成"},
    "by_topic": {"en": "By topic", "zh": "按主题"},
    "missed_review": {"en": "Review of missed questions", "zh": "错题回顾"},
    "nothing_missed": {"en": "Nothing missed. Well done!", "zh": "全部正确，做得好！"},
    "not_answered": {"en": "(not answered)", "zh": "（未作答）"},
    "btn_retry": {"en": "Retry missed ({count})", "zh": "重做错题（{count}）"},
    "btn_home": {"en": "Home", "zh": "主页"},
    # key bar
    "keys_home": {"en": "↑↓ pick · Enter start · s new · l {lang} · ? help · q quit",
                  "zh": "↑↓ 选择 · Enter 开始 · s 新作答 · l {lang} · ? 帮助 · q 退出"},
    "keys_question": {"en": "1-9/↑↓ Enter answer · n/p next/prev · l {lang} · ? help · q quit",
                      "zh": "1-9/↑↓ Enter 作答 · n/p 下/上一题 · l {lang} · ? 帮助 · q 退出"},
    "keys_multiple": {"en": "↑↓ Space toggle · Enter check · n/p move · l {lang} · ? help · q quit",
                      "zh": "↑↓ 空格勾选 · Enter 提交 · n/p 翻题 · l {lang} · ? 帮助 · q 退出"},
    "keys_short": {"en": "type, Enter check · Esc leave box · F2 {lang} · ? help · ctrl+q quit",
                   "zh": "输入后 Enter 提交 · Esc 离开输入框 · F2 {lang} · ctrl+q 退出"},
    "keys_answered": {"en": "Enter/n next · p previous · l {lang} · ? help · q quit",
                      "zh": "Enter/n 下一题 · p 上一题 · l {lang} · ? 帮助 · q 退出"},
    "keys_results": {"en": "r retry missed · h home · l {lang} · ? help · q quit",
                     "zh": "r 重做错题 · h 主页 · l {lang} · ? 帮助 · q 退出"},
    # help
    "help_title": {"en": "Keys", "zh": "按键"},
    "help_body": {
        "en": (
            "1-9          choose that option (multiple choice: toggle it)\n"
            "↑ ↓          move between options\n"
            "Enter        answer with the highlighted option / check the ticked ones\n"
            "Space        tick or untick an option (multiple choice)\n"
            "n / p        next / previous question (→ / ← too)\n"
            "l or F2      switch English / 中文 (F2 also while typing)\n"
            "Esc          leave the answer box (short answers)\n"
            "?            this help\n"
            "q, ctrl+q    quit (progress is saved after every answer)\n"
            "\nThe mouse works too: click an option or a button."
        ),
        "zh": (
            "1-9          选择该选项（多选题：勾选/取消）\n"
            "↑ ↓          在选项间移动\n"
            "Enter        用高亮的选项作答 / 提交已勾选的选项\n"
            "空格         勾选或取消勾选（多选题）\n"
            "n / p        下一题 / 上一题（也可用 → / ←）\n"
            "l 或 F2      切换 English / 中文（输入时可用 F2）\n"
            "Esc          离开答案输入框（填空题）\n"
            "?            显示本帮助\n"
            "q, ctrl+q    退出（每次作答后都会自动保存进度）\n"
            "\n也可以用鼠标：点击选项或按钮。"
        ),
    },
    "help_close": {"en": "Press Esc or ? to close.", "zh": "按 Esc 或 ? 关闭。"},
}


def tr(key: str, locale: str, **values: object) -> str:
    """The app's text `key` in `locale`, with {placeholders} filled in."""
    text = localize(STRINGS[key], locale)
    return text.format(**values) if values else text


def percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"
