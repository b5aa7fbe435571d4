/** What `npm run new -- --help` prints, and the fix when the kind is missing: every option, in Chinese. */
import { FORMS } from '../schemas/interpretation';
import { KINDS, kindChoice } from './kinds';

/** The usage of `npm run new`. */
export const NEW_USAGE = `用法：npm run new -- <类型> [选项]
类型：${KINDS.map(kindChoice).join('、')}；不写则逐项询问。
选项：
  --document <文件名或文号>   解读、图解对应的原文件，如 guofa-2019-5 或 国发〔2019〕5号（括号写法不限）
  --form <解读形式>           ${FORMS.join('、')}
  --title <标题>              不写则按原文件标题生成
  --id <文件名>               不写则自动生成，如 guofa-2019-5-wenda
  --date <YYYY-MM-DD>         发布日期（publishedAt），默认今天（北京时间）
  --publish-at <YYYY-MM-DD>   定时发布：到这一天的构建才上线
  --doc-number <文号>         原文件的文号
  --issuer <机构>             原文件的发文机关：content/organizations/ 下的文件名或机构全称
  --requires-interpretation <是|否>   原文件是否需要解读，默认 是
  --interpreter <解读人>      负责人解读、专家解读的解读人
  --root <目录>               项目目录，默认当前目录
  -h, --help                  显示本说明

例：npm run new
    npm run new -- jiedu --document guofa-2019-5 --form 问答
    npm run new -- tujie --document 国发〔2019〕5号`;
